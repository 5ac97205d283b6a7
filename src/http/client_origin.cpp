#include "http/client_origin.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace civicdesk::http {

namespace {

constexpr uint8_t kV4Mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<IpAddress> parse_exact(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  IpAddress a;
  in_addr v4;
  if (inet_pton(AF_INET, buf, &v4) == 1) {
    std::memcpy(a.bytes.data(), kV4Mapped, 12);
    std::memcpy(a.bytes.data() + 12, &v4, 4);
    return a;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, buf, &v6) == 1) {
    std::memcpy(a.bytes.data(), &v6, 16);
    return a;
  }
  return std::nullopt;
}

// The X-Forwarded-For entries in order, across repeated headers.
std::vector<std::string_view> forwarded_for(const Request& req) {
  std::vector<std::string_view> out;
  for (const auto& [name, value] : req.headers) {
    if (name != "x-forwarded-for") continue;
    std::string_view v = value;
    while (true) {
      const size_t comma = v.find(',');
      out.push_back(trim(v.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      v.remove_prefix(comma + 1);
    }
  }
  return out;
}

// The last X-Forwarded-Proto value (the one our proxy set).
std::string_view forwarded_proto(const Request& req) {
  std::string_view last;
  for (const auto& [name, value] : req.headers)
    if (name == "x-forwarded-proto") last = value;
  const size_t comma = last.rfind(',');
  if (comma != std::string_view::npos) last.remove_prefix(comma + 1);
  return trim(last);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  return true;
}

}  // namespace

bool IpAddress::v4() const { return std::memcmp(bytes.data(), kV4Mapped, 12) == 0; }

std::string IpAddress::text() const {
  char buf[INET6_ADDRSTRLEN];
  if (v4()) {
    inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  }
  return buf;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  text = trim(text);
  if (auto a = parse_exact(text)) return a;
  if (!text.empty() && text.front() == '[') {  // [v6]:port or [v6]
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    auto a = parse_exact(text.substr(1, close - 1));
    return a && !a->v4() ? a : std::nullopt;
  }
  const size_t colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {  // v4:port
    auto a = parse_exact(text.substr(0, colon));
    return a && a->v4() ? a : std::nullopt;
  }
  return std::nullopt;
}

Result<TrustedProxies> TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  while (!trim(list).empty()) {
    const size_t comma = list.find(',');
    const std::string_view entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) continue;
    const size_t slash = entry.find('/');
    const auto bad = [&] {
      return Error(ErrorCode::kInvalidConfig,
                   "\"" + std::string(entry) + "\" is not an IP address or CIDR block (e.g. 10.0.0.1, 10.0.0.0/8, ::1)",
                   "trusted_proxies");
    };
    auto address = parse_exact(entry.substr(0, slash));
    if (!address) return bad();
    Block b{*address, 128};
    if (slash != std::string_view::npos) {
      const std::string_view bits = entry.substr(slash + 1);
      int n = 0;
      if (bits.empty() || bits.size() > 3) return bad();
      for (char c : bits) {
        if (c < '0' || c > '9') return bad();
        n = n * 10 + (c - '0');
      }
      if (n > (address->v4() ? 32 : 128)) return bad();
      b.prefix = address->v4() ? 96 + n : n;
    }
    out.blocks_.push_back(b);
  }
  return out;
}

bool TrustedProxies::contains(const IpAddress& a) const {
  for (const auto& b : blocks_) {
    const int whole = b.prefix / 8, rest = b.prefix % 8;
    if (std::memcmp(a.bytes.data(), b.network.bytes.data(), static_cast<size_t>(whole)) != 0) continue;
    if (rest) {
      const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
      if ((a.bytes[static_cast<size_t>(whole)] & mask) != (b.network.bytes[static_cast<size_t>(whole)] & mask))
        continue;
    }
    return true;
  }
  return false;
}

ClientOrigin client_origin(const Request& req, const TrustedProxies& proxies) {
  ClientOrigin out;
  out.https = req.tls;
  const auto peer = IpAddress::parse(req.remote_address);
  if (!peer) {
    out.address = req.remote_address;
    return out;
  }
  out.address = peer->text();  // also turns ::ffff:192.0.2.1 into 192.0.2.1
  if (proxies.empty() || !proxies.contains(*peer)) return out;
  out.proxied = true;
  if (iequals(forwarded_proto(req), "https")) out.https = true;
  const auto hops = forwarded_for(req);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    const auto hop = IpAddress::parse(*it);
    // Something that is not an address where our proxies put addresses:
    // stop at the last hop we could read.
    if (!hop) break;
    out.address = hop->text();
    if (!proxies.contains(*hop)) break;
  }
  return out;
}

std::string address_block(std::string_view address) {
  const auto a = IpAddress::parse(address);
  if (!a || a->v4()) return std::string(address);
  IpAddress block = *a;
  std::fill(block.bytes.begin() + 8, block.bytes.end(), 0);
  return block.text() + "/64";
}

}  // namespace civicdesk::http
