#pragma once
// Building responses: JSON bodies, the stable error shape
// {"error":{"code","message","details"}}, and the one mapping from the
// core error catalogue to HTTP status codes (DESIGN.md: "HTTP status
// mapping only in src/server").

#include <string>
#include <string_view>

#include "core/status.hpp"
#include "server/http_types.hpp"

namespace truceline::server {

// The HTTP status for an expected failure of a use case.
http::status HttpStatusFor(core::ErrorCode code);

// A response to `request` (its version and keep-alive carried over).
Response MakeResponse(const Request& request, http::status status, std::string_view content_type,
                      std::string body);
Response JsonResponse(const Request& request, http::status status, std::string json);

// The error shape; `details_json` is a JSON value's text ("null" if none).
// `code` is a stable snake_case name (the catalogue's, or a server one such
// as "payload_too_large", "rate_limited", "method_not_allowed").
Response ErrorResponse(const Request& request, http::status status, std::string_view code,
                       std::string_view message, std::string_view details_json = "null");
// A failed use case: status and code from the catalogue.
Response ErrorResponse(const Request& request, const core::Status& status);

}  // namespace truceline::server
