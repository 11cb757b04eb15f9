#include "ingest/ingest.hpp"

#include <cstring>

#include <fmt/format.h>

#include "core/json_text.hpp"
#include "ingest/json_record.hpp"
#include "ingest/readers.hpp"

namespace truceline::ingest {

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kNdjson:
      return "ndjson";
    case Format::kCsv:
      return "csv";
    case Format::kGeoJson:
      return "geojson";
  }
  return "?";
}

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "ndjson" || name == "jsonl") return Format::kNdjson;
  if (name == "csv") return Format::kCsv;
  if (name == "geojson") return Format::kGeoJson;
  return std::nullopt;
}

std::optional<Format> FormatFromFileName(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    if (path.size() < suffix.size()) return false;
    auto tail = path.substr(path.size() - suffix.size());
    for (size_t i = 0; i < suffix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(tail[i])) != suffix[i]) return false;
    }
    return true;
  };
  if (ends_with(".ndjson") || ends_with(".jsonl") || ends_with(".geojsonl")) return Format::kNdjson;
  if (ends_with(".csv")) return Format::kCsv;
  if (ends_with(".geojson")) return Format::kGeoJson;
  return std::nullopt;  // ".json" may be either: sniffed
}

void ReportBatch::Clear() {
  file.clear();
  location_kind.clear();
  csv_header.clear();
  reports.clear();
  digests.clear();
  origins.clear();
  raw_text.clear();
  rejections.clear();
}

namespace detail {

void FinishRecord(ReportBuilder& builder, std::string_view raw, uint64_t location,
                  const std::string& file, const char* location_kind, ReportBatch& batch) {
  core::Report report;
  core::ContentDigest digest;
  // Finish also runs on a record that already has errors, to list every
  // missing required field at once.
  if (builder.Finish(report, digest)) {
    batch.origins.push_back(RecordOrigin{location, batch.raw_text.size(), raw.size()});
    batch.raw_text.append(raw);
    batch.reports.push_back(std::move(report));
    batch.digests.push_back(digest);
    return;
  }
  bool malformed = false;
  for (const auto& e : builder.errors())
    malformed |= e.reason.starts_with("malformed");
  batch.rejections.push_back(
      Rejection{file, location_kind, location,
                malformed ? core::ErrorCode::kParseError : core::ErrorCode::kInvalidRecord,
                std::move(builder.errors()), std::string(raw)});
}

namespace {

// Decides between NDJSON, GeoJSON and CSV from the first bytes of the input.
core::Result<Format> SniffFormat(InputBuffer& input) {
  while (!input.at_eof() && input.size() < 64 * 1024 &&
         std::memchr(input.data(), '\n', input.size()) == nullptr) {
    auto more = input.Fill();
    if (!more.ok()) return more.status();
  }
  std::string_view head(input.data(), input.size());
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || head[first] != '{') return Format::kCsv;
  size_t newline = head.find('\n', first);
  std::string_view line = head.substr(
      first, newline == std::string_view::npos ? std::string_view::npos : newline - first);
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(line);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  // A pretty-printed or over-long first line does not parse: GeoJSON.
  if (parser.iterate(padded).get(doc) || doc.get_object().get(object)) return Format::kGeoJson;
  bool collection = false;
  for (auto member : object) {
    std::string_view key;
    simdjson::ondemand::value value;
    if (member.unescaped_key().get(key) || member.value().get(value)) return Format::kGeoJson;
    std::string_view type;
    if (key == "type" && value.get_string().get(type) == simdjson::SUCCESS) {
      collection = type == "FeatureCollection";
    }
  }
  if (!detail::AtEndOfDocument(doc) || collection) return Format::kGeoJson;
  return Format::kNdjson;
}

}  // namespace
}  // namespace detail

core::Result<std::unique_ptr<Reader>> OpenReader(const std::string& path,
                                                 std::optional<Format> format,
                                                 const ValidationPolicy& policy) {
  auto input = detail::InputBuffer::Open(path);
  if (!input.ok()) return input.status();
  if (!format) format = FormatFromFileName(path);
  if (!format) {
    auto sniffed = detail::SniffFormat(**input);
    if (!sniffed.ok()) return sniffed.status();
    format = *sniffed;
  }
  switch (*format) {
    case Format::kNdjson:
      return detail::MakeNdjsonReader(std::move(*input), policy);
    case Format::kCsv:
      return detail::MakeCsvReader(std::move(*input), policy);
    case Format::kGeoJson:
      return detail::MakeGeoJsonReader(std::move(*input), policy);
  }
  return core::Status(core::ErrorCode::kInternal, "unknown format");
}

void AppendRejectionJson(std::string& out, const Rejection& r) {
  out += "{\"file\":";
  core::AppendJsonString(out, r.file);
  fmt::format_to(std::back_inserter(out), ",\"{}\":{},\"code\":", r.location_kind, r.location);
  core::AppendJsonString(out, core::ErrorCodeName(r.code));
  out += ",\"field\":";
  core::AppendJsonString(out, r.errors.front().field);
  out += ",\"reason\":";
  core::AppendJsonString(out, r.errors.front().reason);
  if (r.errors.size() > 1) {
    out += ",\"errors\":[";
    for (size_t i = 0; i < r.errors.size(); ++i) {
      if (i > 0) out += ',';
      out += "{\"field\":";
      core::AppendJsonString(out, r.errors[i].field);
      out += ",\"reason\":";
      core::AppendJsonString(out, r.errors[i].reason);
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

std::unique_ptr<Reader> OpenTextReader(std::string display_name, std::string_view text,
                                       Format format, const ValidationPolicy& policy) {
  auto input = detail::InputBuffer::FromText(std::move(display_name), text);
  switch (format) {
    case Format::kNdjson:
      return detail::MakeNdjsonReader(std::move(input), policy);
    case Format::kCsv:
      return detail::MakeCsvReader(std::move(input), policy);
    case Format::kGeoJson:
      return detail::MakeGeoJsonReader(std::move(input), policy);
  }
  return nullptr;
}

}  // namespace truceline::ingest
