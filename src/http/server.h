// The HTTP/1.1 server (Boost.Beast over Asio).
//
// The session owns the socket, timeouts and limits; everything after parsing
// is the `Pipeline` function, which turns a Request into a Response.
// GET and HEAD run on the I/O threads (about one per core). Other methods,
// which may block (a durable write waits for its group commit), and streamed
// responses run on a larger pool of worker threads, so waiting writers never
// hold up reads and many writes can share one commit.
//
// Limits: header bytes, body bytes (413), time to receive a whole request
// (slow clients are cut off), idle keep-alive time, time to write each
// response or streamed chunk (clients that stop reading are cut off), and
// open connections (beyond it new connections get 503 and are closed).
//
// TLS: with `tls` set the server speaks only HTTPS (tls.h), with every limit
// and timeout the same (the TLS handshake must finish within
// request_timeout). Plain HTTP sent to it gets one plain-text 400 and is
// closed. No Server header is sent.
//
//   Server server(options, pipeline);
//   ASSIGN_OR_RETURN(uint16_t port, server.listen());   // port 0 picks one
//   server.run();                                        // until stop()
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "http/message.h"

namespace civicdesk::http {

class TlsContext;  // tls.h

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 2;       // event loops; reads are answered here
  int worker_threads = 64;  // writes and streamed responses (they may wait)
  // 0: answer GET/HEAD on the I/O threads, right when reads rarely wait (an
  // embedded database). Otherwise on a pool of this many threads of their
  // own: with a database across the network reads wait for round trips too,
  // and no more of them should run at once than there are connections (more
  // threads only add context switches; on 2 cores they made one read in a
  // hundred wait 100 ms or more, BENCHMARKS.md).
  int read_threads = 0;
  size_t header_limit = 16 * 1024;
  size_t body_limit = 1024 * 1024;
  // Photo uploads (is_upload_target: POST to a case's attachments or to
  // Open311 requests) may send up to this many bytes instead; the photo
  // size limit itself is checked by app/ (docs/media.md).
  size_t upload_body_limit = 12 * 1024 * 1024;
  std::chrono::seconds request_timeout{30};  // to receive one whole request
  std::chrono::seconds idle_timeout{60};     // between requests on a kept-alive connection
  int max_connections = 4096;
  std::shared_ptr<TlsContext> tls;  // null: plain HTTP
};

using Pipeline = std::function<Response(Request&)>;

// Whether a request may carry a photo: POST /api/v1/cases/{reference}/attachments,
// POST /open311/v2/requests(.json|.xml) or POST /report (the report page).
bool is_upload_target(std::string_view method, std::string_view target);

class Server {
 public:
  Server(ServerOptions options, Pipeline pipeline);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the port (useful with port 0). unavailable
  // when the address cannot be bound.
  Result<uint16_t> listen();
  // Serves until stop(); returns when the I/O threads finish.
  void run();
  // Stops accepting and ends run(); safe from any thread or signal handler
  // context that can call into Asio.
  void stop();

  int open_connections() const;

  struct Impl;  // the Asio state; defined in server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace civicdesk::http
