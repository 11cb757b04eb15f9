#include "server/responses.hpp"

#include "core/json_text.hpp"

namespace truceline::server {

http::status HttpStatusFor(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kOk:
      return http::status::ok;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kParseError:
    case ErrorCode::kUnsupported:
      return http::status::bad_request;
    case ErrorCode::kInvalidRecord:
      return http::status::unprocessable_entity;
    case ErrorCode::kNotFound:
      return http::status::not_found;
    case ErrorCode::kAlreadyExists:
      return http::status::conflict;
    case ErrorCode::kForbidden:
      return http::status::forbidden;
    case ErrorCode::kUnauthenticated:
      return http::status::unauthorized;
    case ErrorCode::kPayloadTooLarge:
      return http::status::payload_too_large;
    case ErrorCode::kIoError:
    case ErrorCode::kStorageError:
    case ErrorCode::kStoreTooNew:
    case ErrorCode::kInternal:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

Response MakeResponse(const Request& request, http::status status, std::string_view content_type,
                      std::string body) {
  Response response(status, request.version());
  response.set(http::field::content_type, content_type);
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response JsonResponse(const Request& request, http::status status, std::string json) {
  return MakeResponse(request, status, "application/json", std::move(json));
}

Response ErrorResponse(const Request& request, http::status status, std::string_view code,
                       std::string_view message, std::string_view details_json) {
  std::string body = R"({"error":{"code":)";
  core::AppendJsonString(body, code);
  body += R"(,"message":)";
  core::AppendJsonString(body, message);
  body += R"(,"details":)";
  body += details_json;
  body += "}}";
  Response response = JsonResponse(request, status, std::move(body));
  if (status == http::status::unauthorized) {
    response.set(http::field::www_authenticate, R"(Bearer realm="truceline")");
  }
  return response;
}

Response ErrorResponse(const Request& request, const core::Status& status) {
  return ErrorResponse(request, HttpStatusFor(status.code()), core::ErrorCodeName(status.code()),
                       status.message());
}

}  // namespace truceline::server
