#include "server/request_body.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace truceline::server {
namespace {

core::Status Invalid(std::string message) {
  return core::Status(core::ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

std::string RequestHost(const Request& request) {
  std::string_view host = request[http::field::host];
  bool sane = !host.empty() && host.size() < 256;
  for (char c : host) {
    sane = sane && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '[' || c == ']');
  }
  return sane ? std::string(host) : std::string("127.0.0.1");
}

std::string MediaType(const Request& request) {
  std::string_view value = request[http::field::content_type];
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ')
    value.remove_suffix(1);
  std::string type(value);
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

core::Result<nlohmann::json> JsonObjectBody(const Request& request, size_t max_bytes) {
  if (MediaType(request) != "application/json") {
    return Invalid("the body must be JSON (Content-Type: application/json)");
  }
  if (request.body().size() > max_bytes) {
    return Invalid(fmt::format("the body is larger than {} bytes", max_bytes));
  }
  nlohmann::json document = nlohmann::json::parse(request.body(), nullptr, false);
  if (document.is_discarded()) return Invalid("the body is not well-formed JSON");
  if (!document.is_object()) return Invalid("the body must be a JSON object");
  return document;
}

core::Result<std::string> StringMember(const nlohmann::json& object, std::string_view name,
                                       size_t max_length) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) {
    return Invalid(fmt::format("'{}' is required and must be a string", name));
  }
  std::string value = it->get<std::string>();
  if (value.empty()) return Invalid(fmt::format("'{}' must not be empty", name));
  if (value.size() > max_length) {
    return Invalid(fmt::format("'{}' is longer than {} bytes", name, max_length));
  }
  return value;
}

}  // namespace truceline::server
