#include "server/http_server.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>

#include "server/event_hub.hpp"
#include "server/responses.hpp"
#include "server/tls_context.hpp"

namespace truceline::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// How long a closing TLS connection waits for the peer's close_notify.
constexpr std::chrono::seconds kCloseNotifyWait{2};
// How long a refused request's connection keeps reading before closing.
constexpr std::chrono::seconds kLingerTime{5};

// A connection as the server tracks it, whatever its transport.
class Connection {
 public:
  virtual ~Connection() = default;
  // Graceful stop, see Session::Stop.
  virtual void Stop() = 0;
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, Dispatch dispatch, AccessLog access_log, TransportEvents events)
      : options_(std::move(options)),
        dispatch_(std::move(dispatch)),
        access_log_(std::move(access_log)),
        events_(std::move(events)),
        ioc_(std::max(options_.network_threads, 1)),
        acceptor_(net::make_strand(ioc_)),
        signals_(ioc_),
        workers_(static_cast<size_t>(std::max(options_.worker_threads, 1))) {
    std::random_device random;
    id_prefix_ = fmt::format("{:08x}", random());
  }

  core::Status Listen();
  void Run(bool handle_signals);
  void Stop();

  std::string NextRequestId() { return fmt::format("{}-{}", id_prefix_, next_request_++); }
  void Register(const std::shared_ptr<Connection>& connection);
  void Unregister(const Connection* connection);

  const HttpServerOptions options_;
  const Dispatch dispatch_;
  const AccessLog access_log_;
  const TransportEvents events_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::thread_pool workers_;
  std::unique_ptr<net::ssl::context> tls_;  // set: every connection speaks TLS
  std::atomic<bool> stopping_{false};
  uint16_t port_ = 0;

 private:
  void Accept();

  std::string id_prefix_;
  std::atomic<uint64_t> next_request_{1};
  std::mutex sessions_mutex_;
  std::map<const Connection*, std::weak_ptr<Connection>> sessions_;
};

namespace {

// One connection over `Stream` (PlainStream or TlsStream): the handshake
// (TLS), then read a request, dispatch it on a worker, write the answer,
// repeat while keep-alive holds; or stream events after the head. Every
// member is touched only on the connection's strand. At most one read and
// one write are outstanding; Close lets both end before closing.
template <class Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  // `context...`: the ssl::context for a TlsStream, nothing for a plain one.
  template <class... Context>
  Session(tcp::socket&& socket, HttpServer::Impl& server, Context&... context)
      : stream_(std::move(socket), context...),
        server_(server),
        keepalive_timer_(stream_.get_executor()) {
    beast::error_code ec;
    auto endpoint = Tcp().socket().remote_endpoint(ec);
    if (!ec) remote_ = fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
  }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = Self()] {
      if constexpr (kTls) {
        self->Handshake();
      } else {
        self->Read();
      }
    });
  }

  // Graceful stop: a connection waiting for a request (or in its handshake)
  // or streaming events closes now; one whose request is being handled
  // closes after answering.
  void Stop() override {
    net::post(stream_.get_executor(), [self = Self()] {
      if (self->waiting_for_request_ || self->subscription_) self->Close();
    });
  }

 private:
  std::shared_ptr<Session> Self() { return this->shared_from_this(); }
  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }

  void Handshake() {
    Tcp().expires_after(server_.options_.handshake_timeout);
    waiting_for_request_ = true;
    reading_ = true;
    stream_.async_handshake(net::ssl::stream_base::server, [self = Self()](beast::error_code ec) {
      self->reading_ = false;
      self->waiting_for_request_ = false;
      if (self->closed_) return self->Close();
      if (ec) {
        if (self->server_.events_.handshake_failed) self->server_.events_.handshake_failed();
        return self->Close();
      }
      self->handshake_done_ = true;
      self->Read();
    });
  }

  void Read() {
    if (server_.stopping_) return Close();
    parser_.emplace();
    parser_->body_limit(server_.options_.max_body_bytes);
    parser_->header_limit(server_.options_.max_header_bytes);
    Tcp().expires_after(server_.options_.idle_timeout);
    waiting_for_request_ = true;
    reading_ = true;
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, Self()));
  }

  void OnRead(beast::error_code ec, size_t) {
    waiting_for_request_ = false;
    reading_ = false;
    if (closed_) return Close();
    if (ec == http::error::body_limit) {
      return RefuseAndClose(
          http::status::payload_too_large, core::ErrorCodeName(core::ErrorCode::kPayloadTooLarge),
          fmt::format("the request body is larger than {} bytes", server_.options_.max_body_bytes));
    }
    if (ec == http::error::header_limit) {
      return RefuseAndClose(http::status::request_header_fields_too_large, "headers_too_large",
                            "the request headers are too large");
    }
    if (ec && ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return RefuseAndClose(http::status::bad_request, "bad_request",
                            fmt::format("malformed HTTP request: {}", ec.message()));
    }
    if (ec) return Close();
    started_ = Clock::now();
    auto request = std::make_shared<Request>(parser_->release());
    std::string request_id = server_.NextRequestId();
    // The work guard keeps the network loop alive while a worker handles
    // the request, so its answer is always written, even during shutdown.
    auto work = net::make_work_guard(stream_.get_executor());
    net::post(
        server_.workers_, [self = Self(), request, request_id, work = std::move(work)]() mutable {
          auto result = std::make_shared<std::optional<HandlerResult>>();
          try {
            result->emplace(self->server_.dispatch_(*request, self->remote_, request_id));
          } catch (const std::exception& e) {
            result->emplace(ErrorResponse(*request, http::status::internal_server_error, "internal",
                                          "the server failed to handle the request"));
          }
          net::post(self->stream_.get_executor(), [self, request, request_id, result] {
            self->Write(*request, request_id, std::move(**result));
          });
          work.reset();
        });
  }

  void RefuseAndClose(http::status status, std::string_view code, std::string message) {
    Request request;
    request.version(11);
    request.keep_alive(false);
    auto response = std::make_shared<Response>(ErrorResponse(request, status, code, message));
    response->keep_alive(false);
    started_ = Clock::now();
    AccessRecord record{server_.NextRequestId(), remote_, "-", "-", static_cast<unsigned>(status),
                        response->body().size(), 0};
    writing_ = true;
    http::async_write(stream_, *response,
                      [self = Self(), response, record](beast::error_code, size_t) {
                        self->writing_ = false;
                        if (self->server_.access_log_) self->server_.access_log_(record);
                        if (self->closed_) return self->Close();
                        self->LingerAndClose();
                      });
  }

  // After refusing a request whose body is still arriving: stop sending,
  // then read and discard for a while before closing, so the client reads
  // the refusal instead of a connection reset. (Over TLS the sending side
  // stays open for the close_notify; the refusal says `Connection: close`.)
  void LingerAndClose() {
    if constexpr (!kTls) {
      beast::error_code ec;
      Tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
    }
    Tcp().expires_after(kLingerTime);
    Discard();
  }
  void Discard() {
    reading_ = true;
    stream_.async_read_some(net::buffer(discard_), [self = Self()](beast::error_code ec, size_t) {
      self->reading_ = false;
      if (ec || self->closed_ || self->server_.stopping_) return self->Close();
      self->Discard();
    });
  }

  void Write(const Request& request, const std::string& request_id, HandlerResult result) {
    auto response = std::make_shared<Response>(std::move(result.response));
    response->set("X-Request-Id", request_id);
    response->set(http::field::server, "truceline");
    if (server_.stopping_) response->keep_alive(false);
    AccessRecord record{request_id,
                        remote_,
                        std::string(request.method_string()),
                        std::string(request.target()),
                        response->result_int(),
                        response->body().size(),
                        0};
    if (result.stream) return StartStream(response, std::move(record), std::move(result.stream));
    writing_ = true;
    http::async_write(stream_, *response,
                      [self = Self(), response, record](beast::error_code ec, size_t) mutable {
                        self->writing_ = false;
                        record.seconds =
                            std::chrono::duration<double>(Clock::now() - self->started_).count();
                        if (self->server_.access_log_) self->server_.access_log_(record);
                        if (ec || response->need_eof() || self->closed_) return self->Close();
                        self->Read();
                      });
  }

  // --- server-sent events ---

  void StartStream(std::shared_ptr<Response> head, AccessRecord record,
                   std::shared_ptr<EventSubscription> subscription) {
    head->keep_alive(false);
    Tcp().expires_never();
    subscription_ = std::move(subscription);
    auto serializer = std::make_shared<http::response_serializer<http::string_body>>(*head);
    writing_ = true;
    http::async_write_header(
        stream_, *serializer,
        [self = Self(), head, serializer, record](beast::error_code ec, size_t) {
          self->writing_ = false;
          if (self->server_.access_log_) self->server_.access_log_(record);
          if (ec || self->closed_) return self->Close();
          std::weak_ptr<Session> weak = self;
          auto executor = self->stream_.get_executor();
          self->subscription_->SetNotify([weak, executor] {
            net::post(executor, [weak] {
              if (auto s = weak.lock()) s->PumpEvents(false);
            });
          });
          self->WatchForHangUp();
          self->ScheduleKeepalive();
          self->PumpEvents(false);
        });
  }

  // A stream's client sends nothing; a read completing means it hung up.
  void WatchForHangUp() {
    reading_ = true;
    stream_.async_read_some(net::buffer(hangup_probe_), [self = Self()](beast::error_code, size_t) {
      self->reading_ = false;
      self->Close();
    });
  }

  void ScheduleKeepalive() {
    keepalive_timer_.expires_after(server_.options_.event_keepalive);
    keepalive_timer_.async_wait([self = Self()](beast::error_code ec) {
      if (ec || self->closed_) return;
      self->PumpEvents(true);
      self->ScheduleKeepalive();
    });
  }

  void PumpEvents(bool keepalive) {
    if (closed_ || !subscription_) return;
    if (writing_) {
      more_events_ = true;
      return;
    }
    auto text = std::make_shared<std::string>();
    for (const ServerEvent& event : subscription_->Drain()) {
      if (event.id != 0) *text += fmt::format("id: {}\n", event.id);
      *text += fmt::format("event: {}\ndata: {}\n\n", event.type, event.data);
    }
    if (text->empty() && keepalive) *text = ": keep-alive\n\n";
    if (text->empty()) return;
    writing_ = true;
    net::async_write(stream_, net::buffer(*text),
                     [self = Self(), text](beast::error_code ec, size_t) {
                       self->writing_ = false;
                       if (ec || self->closed_) return self->Close();
                       if (self->more_events_) {
                         self->more_events_ = false;
                         self->PumpEvents(false);
                       }
                     });
  }

  // Closes the connection. Outstanding operations are cancelled first and
  // their handlers call Close again; once none is left, a TLS connection
  // sends its close_notify (waiting briefly for the peer's) and the socket
  // closes.
  void Close() {
    if (!closed_) {
      closed_ = true;
      keepalive_timer_.cancel();
      if (subscription_) subscription_->SetNotify(nullptr);
      subscription_.reset();
    }
    if (reading_ || writing_) {
      beast::error_code ec;
      Tcp().socket().cancel(ec);
      return;
    }
    if (finished_) return;
    finished_ = true;
    if constexpr (kTls) {
      if (handshake_done_) {
        Tcp().expires_after(kCloseNotifyWait);
        stream_.async_shutdown([self = Self()](beast::error_code) { self->CloseSocket(); });
        return;
      }
    }
    CloseSocket();
  }

  void CloseSocket() {
    beast::error_code ec;
    Tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
    Tcp().socket().close(ec);
    server_.Unregister(this);
  }

  Stream stream_;
  HttpServer::Impl& server_;
  net::steady_timer keepalive_timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_ = "-";
  Clock::time_point started_{};
  bool waiting_for_request_ = false;
  bool reading_ = false;  // a read (or the handshake) is outstanding
  bool writing_ = false;  // a write is outstanding
  bool handshake_done_ = false;
  bool closed_ = false;    // closing: no new operation starts
  bool finished_ = false;  // the final close has begun
  std::shared_ptr<EventSubscription> subscription_;
  bool more_events_ = false;
  std::array<char, 64> hangup_probe_{};
  std::array<char, 16384> discard_{};
};

}  // namespace

core::Status HttpServer::Impl::Listen() {
  if (options_.tls_cert_file.empty() != options_.tls_key_file.empty()) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        options_.tls_cert_file.empty()
                            ? "--tls-key needs --tls-cert (the certificate it belongs to)"
                            : "--tls-cert needs --tls-key (the certificate's private key)");
  }
  if (!options_.tls_cert_file.empty()) {
    auto context = LoadTlsContext(options_.tls_cert_file, options_.tls_key_file);
    if (!context.ok()) return context.status();
    tls_ = std::move(*context);
  }
  beast::error_code ec;
  auto address = net::ip::make_address(options_.address, ec);
  if (ec) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        fmt::format("--listen: '{}' is not an IP address", options_.address));
  }
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Status(
        core::ErrorCode::kIoError,
        fmt::format("cannot listen on {}:{}: {}", options_.address, options_.port, ec.message()));
  }
  port_ = acceptor_.local_endpoint().port();
  return core::Status::Ok();
}

void HttpServer::Impl::Accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    } else if (!stopping_ && tls_) {
      auto session = std::make_shared<Session<TlsStream>>(std::move(socket), *this, *tls_);
      Register(session);
      session->Start();
    } else if (!stopping_) {
      auto session = std::make_shared<Session<PlainStream>>(std::move(socket), *this);
      Register(session);
      session->Start();
    }
    Accept();
  });
}

void HttpServer::Impl::Run(bool handle_signals) {
  if (handle_signals) {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](beast::error_code ec, int) {
      if (!ec) Stop();
    });
  }
  net::dispatch(acceptor_.get_executor(), [this] { Accept(); });
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.network_threads; ++i)
    threads.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : threads)
    t.join();
  workers_.join();
}

void HttpServer::Impl::Stop() {
  if (stopping_.exchange(true)) return;
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
    signals_.cancel(ec);
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(sessions_mutex_);
      for (auto& [key, weak] : sessions_) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& session : live)
      session->Stop();
  });
}

void HttpServer::Impl::Register(const std::shared_ptr<Connection>& connection) {
  {
    std::lock_guard lock(sessions_mutex_);
    sessions_[connection.get()] = connection;
  }
  if (events_.connections) events_.connections(+1);
}

void HttpServer::Impl::Unregister(const Connection* connection) {
  size_t erased = 0;
  {
    std::lock_guard lock(sessions_mutex_);
    erased = sessions_.erase(connection);
  }
  if (erased != 0 && events_.connections) events_.connections(-1);
}

HttpServer::HttpServer(HttpServerOptions options, Dispatch dispatch, AccessLog access_log,
                       TransportEvents events)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch), std::move(access_log),
                                   std::move(events))) {}
HttpServer::~HttpServer() = default;
core::Status HttpServer::Listen() {
  return impl_->Listen();
}
uint16_t HttpServer::port() const {
  return impl_->port_;
}
void HttpServer::Run(bool handle_signals) {
  impl_->Run(handle_signals);
}
void HttpServer::Stop() {
  impl_->Stop();
}

}  // namespace truceline::server
