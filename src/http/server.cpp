#include "http/server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <atomic>
#include <future>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include "domain/text.h"
#include "http/parse/query.h"
#include "http/problem.h"
#include "http/security_headers.h"
#include "http/tls.h"

namespace civicdesk::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

bool is_upload_target(std::string_view method, std::string_view target) {
  if (method != "POST") return false;
  const std::string_view path = target.substr(0, target.find('?'));
  auto ends_with = [&](std::string_view tail) {
    return path.size() >= tail.size() && path.substr(path.size() - tail.size()) == tail;
  };
  if (path.rfind("/api/v1/cases/", 0) == 0) return ends_with("/attachments");
  if (path == "/report") return true;  // the report page's photos (web/report_pages.cpp)
  return path == "/open311/v2/requests" || path == "/open311/v2/requests.json" || path == "/open311/v2/requests.xml";
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Errors the session answers itself, before a Request exists; they carry the
// same security headers as every other response.
Response early_problem(ErrorCode code, std::string message, bool https) {
  Request none;
  Response r = problem(Error(code, std::move(message)), none);
  apply_security_headers(r, https, kApiContentSecurityPolicy);
  r.set_header("Cache-Control", "no-store");
  return r;
}

// A whole HTTP/1.1 response that closes the connection, as bytes.
std::string closing_response(const Response& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " +
                    std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(r.status))) + "\r\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
  return out + "Connection: close\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
}

// Sent to plain connections beyond max_connections, before closing them.
const std::string& busy_response() {
  static const std::string response =
      closing_response(early_problem(ErrorCode::kUnavailable, "Too many connections; try again", false));
  return response;
}

// Sent to plain HTTP that arrives at the HTTPS port.
const std::string& plain_http_response() {
  static const std::string response = closing_response(
      early_problem(ErrorCode::kInvalidQuery, "This port speaks HTTPS only: use an https:// address", false));
  return response;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Pipeline pipeline;
  net::io_context ioc;
  net::thread_pool workers;
  std::optional<net::thread_pool> readers;  // read_threads > 0
  tcp::acceptor acceptor{ioc};
  std::atomic<int> connections{0};
  std::atomic<bool> stopping{false};

  Impl(ServerOptions o, Pipeline p)
      : options(std::move(o)),
        pipeline(std::move(p)),
        ioc(std::max(1, options.io_threads)),
        workers(static_cast<size_t>(std::max(1, options.worker_threads))) {
    if (options.read_threads > 0) readers.emplace(static_cast<size_t>(options.read_threads));
  }
  void accept();
};

namespace {

// One connection, over plain TCP (kTls false) or TLS. The two differ only in
// the stream type, the handshake at the start and the close_notify at the
// end; every limit and timeout is the TCP layer's timer in both.
template <bool kTls>
class Session : public std::enable_shared_from_this<Session<kTls>> {
  using Stream = std::conditional_t<kTls, beast::ssl_stream<beast::tcp_stream>, beast::tcp_stream>;

 public:
  Session(tcp::socket&& socket, Server::Impl& server)
    requires(!kTls)
      : stream_(std::move(socket)), server_(server) {
    server_.connections.fetch_add(1);
  }
  Session(tcp::socket&& socket, Server::Impl& server, net::ssl::context& tls)
    requires(kTls)
      : stream_(std::move(socket), tls), server_(server) {
    server_.connections.fetch_add(1);
  }
  ~Session() { server_.connections.fetch_sub(1); }

  void start() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::begin, this->shared_from_this()));
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void begin() {
    if constexpr (kTls) {
      // Detecting TLS and the handshake share the time allowed for a request.
      lowest().expires_after(server_.options.request_timeout);
      beast::async_detect_ssl(lowest(), buffer_, beast::bind_front_handler(&Session::on_detect, this->shared_from_this()));
    } else {
      read_header();
    }
  }

  void on_detect(beast::error_code ec, bool is_tls) {
    if (ec) return close_socket();
    if (!is_tls) {
      // Someone typed http:// for an https:// address: say so, in the
      // clear, and hang up.
      net::async_write(lowest(), net::buffer(plain_http_response()),
                       [self = this->shared_from_this()](beast::error_code, std::size_t) { self->close_socket(); });
      return;
    }
    if constexpr (kTls)
      stream_.async_handshake(net::ssl::stream_base::server, buffer_.data(),
                              beast::bind_front_handler(&Session::on_handshake, this->shared_from_this()));
  }

  void on_handshake(beast::error_code ec, std::size_t used) {
    if (ec) return close_socket();
    buffer_.consume(used);
    tls_up_ = true;
    read_header();
  }

  void read_header() {
    head_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    // The larger of the two until the target is known (Beast checks a
    // Content-Length against the limit while it reads the header).
    body_limit_ = std::max(server_.options.body_limit, server_.options.upload_body_limit);
    parser_->body_limit(body_limit_);
    if (buffer_.size() > 0) return read_request();  // pipelined bytes already here
    // An idle connection gets idle_timeout for the first byte of its next
    // request; from then on the whole request must come within
    // request_timeout (a client sending half a header and stalling must not
    // hold the connection for the idle time).
    lowest().expires_after(server_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&Session::on_first_bytes, this->shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    if (ec) return on_read_error(ec);
    buffer_.commit(n);
    read_request();
  }

  // One deadline for the header and body together.
  void read_request() {
    lowest().expires_after(server_.options.request_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, this->shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    const auto& req = parser_->get();
    const auto method = req.method_string();
    const auto target = req.target();
    body_limit_ = is_upload_target({method.data(), method.size()}, {target.data(), target.size()})
                      ? server_.options.upload_body_limit
                      : server_.options.body_limit;
    if (parser_->content_length() && *parser_->content_length() > body_limit_)
      return on_read_error(bhttp::error::body_limit);
    parser_->body_limit(body_limit_);  // chunked bodies are counted as they come
    if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, req.version());
      bhttp::async_write(stream_, *cont, [self = this->shared_from_this(), cont](beast::error_code ec2, std::size_t) {
        if (ec2) return self->close();
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, this->shared_from_this()));
  }

  void on_read_error(beast::error_code ec) {
    // A broken TLS record or a peer that vanished without close_notify:
    // nothing more can be said on this connection.
    if constexpr (kTls)
      if (ec == net::ssl::error::stream_truncated || ec.category() == net::error::get_ssl_category())
        return close_socket();
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted)
      return close();
    if (ec == bhttp::error::body_limit)
      return reply(early_problem(ErrorCode::kPayloadTooLarge,
                                 "The request body is larger than " + std::to_string(body_limit_) +
                                     " bytes",
                                 kTls),
                   false);
    if (ec == bhttp::error::header_limit) {
      Response r = early_problem(ErrorCode::kPayloadTooLarge, "The request headers are too large", kTls);
      r.status = 431;
      return reply(std::move(r), false);
    }
    // Malformed HTTP: answer once, then hang up.
    reply(early_problem(ErrorCode::kInvalidQuery, "The request is not valid HTTP/1.1: " + ec.message(), kTls), false);
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    lowest().expires_never();
    auto& msg = parser_->get();
    Request req;
    const auto method = msg.method_string();
    const auto target = msg.target();
    req.method.assign(method.data(), method.size());
    req.target.assign(target.data(), target.size());
    const size_t q = req.target.find('?');
    const std::string_view raw_path = std::string_view(req.target).substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    auto path = percent_decode(raw_path, /*plus_is_space=*/false);
    const bool keep_alive = msg.keep_alive();
    head_ = msg.method() == bhttp::verb::head;
    if (!path || path->empty() || (*path)[0] != '/' || !valid_utf8(*path)) {
      return reply(early_problem(ErrorCode::kInvalidQuery, "The request path is not a valid URL path", kTls), false);
    }
    req.path = std::move(*path);
    req.headers.reserve(16);
    for (const auto& field : msg) {
      const auto name = field.name_string();
      req.headers.emplace_back(lower(std::string_view(name.data(), name.size())), std::string(field.value()));
    }
    req.body = std::move(msg.body());
    beast::error_code ep_ec;
    auto ep = lowest().socket().remote_endpoint(ep_ec);
    if (!ep_ec) req.remote_address = ep.address().to_string();
    req.tls = kTls;
    // Reads are answered right here on the I/O thread. Anything that may wait
    // (a write waits for its group commit; an export streams for a while)
    // runs on the worker pool, so the I/O threads never stop serving reads.
    const bool read_only = msg.method() == bhttp::verb::get || msg.method() == bhttp::verb::head;
    auto self = this->shared_from_this();
    if (read_only && !server_.readers) {
      Response res = server_.pipeline(req);
      if (!res.stream) return reply(std::move(res), keep_alive);
      return net::post(server_.workers, [self, res = std::move(res), keep_alive]() mutable {
        self->reply_streamed(std::move(res), keep_alive);
      });
    }
    net::post(read_only ? *server_.readers : server_.workers, [self, req = std::move(req), keep_alive]() mutable {
      Response res = self->server_.pipeline(req);
      if (res.stream) return self->reply_streamed(std::move(res), keep_alive);
      net::post(self->stream_.get_executor(), [self, res = std::move(res), keep_alive]() mutable {
        self->reply(std::move(res), keep_alive);
      });
    });
  }

  // Streams a body in chunks from a worker thread. Each piece is written by
  // the session's own executor (through TLS when it is on) while the worker
  // waits, so the producer never runs ahead of a slow client by more than a
  // chunk, and each write is bounded by request_timeout: a client that stops
  // reading cannot hold the thread. No other operation is pending on the
  // connection meanwhile; the session resumes on its executor afterwards.
  void reply_streamed(Response res, bool keep_alive) {
    std::string head = "HTTP/1.1 " + std::to_string(res.status) + " " +
                       std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(res.status))) + "\r\n";
    for (const auto& [name, value] : res.headers) head += name + ": " + value + "\r\n";
    head += "Transfer-Encoding: chunked\r\n";
    head += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    bool ok = write_from_worker(std::move(head));
    if (ok && !head_) {  // HEAD: the headers of the full response, no body
      const ChunkWriter writer = [&](std::string_view piece) {
        if (!ok || piece.empty()) return ok;
        char size[20];
        const int n = std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        std::string chunk;
        chunk.reserve(static_cast<size_t>(n) + piece.size() + 2);
        chunk.append(size, static_cast<size_t>(n)).append(piece).append("\r\n");
        ok = write_from_worker(std::move(chunk));
        return ok;
      };
      Status produced = res.stream(writer);
      // A failure after the headers cannot change the status any more: end
      // the connection without the final chunk so the client sees the body
      // is incomplete.
      ok = ok && produced.ok() && write_from_worker("0\r\n\r\n");
    }
    net::post(stream_.get_executor(), [self = this->shared_from_this(), again = ok && keep_alive] {
      if (!again) return self->close();
      self->read_header();
    });
  }

  // Called on a worker thread: writes `data` on the session's executor and
  // waits for the outcome. false when the write failed or timed out, or the
  // server is stopping (its handlers may never run again).
  bool write_from_worker(std::string data) {
    auto bytes = std::make_shared<std::string>(std::move(data));
    auto done = std::make_shared<std::promise<bool>>();
    std::future<bool> outcome = done->get_future();
    net::post(stream_.get_executor(), [self = this->shared_from_this(), bytes, done] {
      self->lowest().expires_after(self->server_.options.request_timeout);
      net::async_write(self->stream_, net::buffer(*bytes), [self, bytes, done](beast::error_code ec, std::size_t) {
        self->lowest().expires_never();
        done->set_value(!ec);
      });
    });
    while (outcome.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready)
      if (server_.stopping.load()) return false;
    return outcome.get();
  }

  void reply(Response res, bool keep_alive) {
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(res.status));
    for (auto& [name, value] : res.headers) out->set(name, value);
    out->body() = std::move(res.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    // A response to HEAD has the headers of the full response but no body
    // (sending one would desynchronise a kept-alive connection).
    if (head_) out->body().clear();
    lowest().expires_after(server_.options.request_timeout);  // slow readers are cut off too
    bhttp::async_write(stream_, *out,
                       [self = this->shared_from_this(), out, keep_alive](beast::error_code ec, std::size_t) {
                         if (ec || !keep_alive) return self->close();
                         self->read_header();
                       });
  }

  // Ends the connection: over TLS, with a close_notify first (given a few
  // seconds for the peer's reply).
  void close() {
    if constexpr (kTls) {
      if (tls_up_ && !closing_) {
        closing_ = true;
        lowest().expires_after(std::min<std::chrono::seconds>(server_.options.request_timeout, std::chrono::seconds(5)));
        stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close_socket(); });
        return;
      }
    }
    close_socket();
  }

  void close_socket() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest().close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  size_t body_limit_ = 0;  // for the request being read
  bool head_ = false;     // the request being answered is HEAD
  bool tls_up_ = false;   // the TLS handshake has finished
  bool closing_ = false;  // close_notify sent
  Server::Impl& server_;
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted) return;  // stopping
    } else if (connections.load() >= options.max_connections) {
      auto sock = std::make_shared<tcp::socket>(std::move(socket));
      if (options.tls) {
        // A plain-text 503 means nothing to a TLS client, and a handshake
        // is the work being refused: just close.
        beast::error_code ignored;
        sock->close(ignored);
      } else {
        net::async_write(*sock, net::buffer(busy_response()), [sock](beast::error_code, std::size_t) {
          beast::error_code ignored;
          sock->shutdown(tcp::socket::shutdown_both, ignored);
        });
      }
    } else if (options.tls) {
      std::make_shared<Session<true>>(std::move(socket), *this, options.tls->native())->start();
    } else {
      std::make_shared<Session<false>>(std::move(socket), *this)->start();
    }
    accept();
  });
}

Server::Server(ServerOptions options, Pipeline pipeline)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(pipeline))) {}

Server::~Server() { stop(); }

Result<uint16_t> Server::listen() {
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->options.address, ec);
  if (ec) return Error(ErrorCode::kInvalidConfig, "\"" + impl_->options.address + "\" is not an IP address");
  const tcp::endpoint endpoint{address, impl_->options.port};
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Error(ErrorCode::kUnavailable, "Cannot listen on " + impl_->options.address + ":" +
                                              std::to_string(impl_->options.port) + ": " + ec.message());
  impl_->accept();
  return acc.local_endpoint().port();
}

void Server::run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < std::max(1, impl_->options.io_threads); ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  impl_->stopping = true;
  net::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->ioc.stop();
}

int Server::open_connections() const { return impl_->connections.load(); }

}  // namespace civicdesk::http
