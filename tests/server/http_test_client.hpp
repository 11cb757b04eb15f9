#pragma once
// A small blocking HTTP/1.1 client for the server's tests (Beast), and the
// fixture pieces they share.

#include <map>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace truceline::server::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

struct HttpReply {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; last value wins
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpCall {
  bhttp::verb method = bhttp::verb::get;
  std::string target;
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;
};

// One request on a fresh connection to 127.0.0.1:`port`.
inline HttpReply Send(uint16_t port, const HttpCall& call) {
  net::io_context ioc;
  net::ip::tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::string_body> request(call.method, call.target, 11);
  request.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
  if (!call.content_type.empty()) request.set(bhttp::field::content_type, call.content_type);
  for (const auto& [name, value] : call.headers) request.set(name, value);
  request.body() = call.body;
  request.prepare_payload();
  // A server may answer (413) before the body is all sent and stop
  // reading: the answer is still there to read.
  beast::error_code write_error;
  bhttp::write(stream, request, write_error);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(256u << 20);
  bhttp::read(stream, buffer, parser);
  auto response = parser.release();
  HttpReply reply;
  reply.status = response.result_int();
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  reply.body = response.body();
  beast::error_code ec;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  return reply;
}

}  // namespace truceline::server::testing
