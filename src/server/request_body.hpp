#pragma once
// Reading request bodies at the edge: the media type, and small JSON
// documents (login, reviews) parsed with limits. Errors are
// kInvalidArgument (400) naming what is wrong.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.hpp"
#include "server/http_types.hpp"

namespace truceline::server {

// The request's Host header when it is a plain host[:port] (letters,
// digits, '.', '-', ':', '[', ']'; under 256 bytes), else "127.0.0.1": safe
// to put in absolute links and XML.
std::string RequestHost(const Request& request);

// The request's media type, lower-cased, without parameters ("; charset").
std::string MediaType(const Request& request);

// The body as a JSON object of at most `max_bytes`.
core::Result<nlohmann::json> JsonObjectBody(const Request& request, size_t max_bytes = 64 << 10);

// A string member of `object`: required (kInvalidArgument when missing,
// not a string, empty, or longer than `max_length` bytes).
core::Result<std::string> StringMember(const nlohmann::json& object, std::string_view name,
                                       size_t max_length);

}  // namespace truceline::server
