// Who is really at the other end: the client's address and whether it used
// HTTPS, seen through trusted reverse proxies only.
//
// Behind a proxy (nginx, a load balancer) every connection comes from the
// proxy, which passes the client's address in X-Forwarded-For and the
// scheme in X-Forwarded-Proto. Anyone can send those headers, so they are
// believed only when the connection comes from a listed proxy; otherwise
// they are ignored and the peer address is the client. Each proxy appends
// the address it received the request from, so the list is read from the
// right, skipping trusted proxies: the first address that is not one of ours
// is the client (whatever the client itself put further left is ignored).
//
// The address feeds rate limits, sign-in throttling and the audit trail.
//
//   ASSIGN_OR_RETURN(TrustedProxies proxies, TrustedProxies::parse("127.0.0.1,10.0.0.0/8"));
//   ClientOrigin o = client_origin(req, proxies);   // o.address, o.https
//
// Thread-safety: TrustedProxies is immutable after parse; share it freely.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/message.h"

namespace civicdesk::http {

// An IPv4 or IPv6 address as 16 bytes (IPv4 as ::ffff:a.b.c.d).
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool v4() const;
  // "192.0.2.1" or the canonical IPv6 text ("2001:db8::1").
  std::string text() const;
  // Also accepts "192.0.2.1:8080" and "[2001:db8::1]:8080" (ports as some
  // proxies write them). nullopt for anything else ("unknown", names).
  static std::optional<IpAddress> parse(std::string_view text);
};

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody
  // Comma-separated addresses or CIDR blocks ("127.0.0.1", "::1",
  // "10.0.0.0/8", "fd00::/8"). invalid_config naming the bad entry.
  static Result<TrustedProxies> parse(std::string_view comma_separated);

  bool empty() const { return blocks_.empty(); }
  bool contains(const IpAddress& a) const;

 private:
  struct Block {
    IpAddress network;
    int prefix = 128;  // bits, over the 16-byte form
  };
  std::vector<Block> blocks_;
};

struct ClientOrigin {
  std::string address;  // the client's address as text; "" when unknown
  bool https = false;   // TLS to us, or to a trusted proxy that said so
  bool proxied = false; // the connection came from a trusted proxy
};

// `req.remote_address` is the peer; `req.tls` says whether it spoke TLS to us.
ClientOrigin client_origin(const Request& req, const TrustedProxies& proxies);

// The key one client is counted under for rate limits: its IPv4 address, or
// the /64 an IPv6 address belongs to (one household or host usually has a
// whole /64, so counting single IPv6 addresses would let it rotate freely).
std::string address_block(std::string_view address);

}  // namespace civicdesk::http
