#include "ingest/json_record.hpp"

#include <cmath>
#include <optional>

#include <fmt/format.h>

namespace truceline::ingest::detail {
namespace {

namespace od = simdjson::ondemand;

std::string_view JsonTypeName(od::json_type type) {
  switch (type) {
    case od::json_type::array:
      return "an array";
    case od::json_type::object:
      return "an object";
    case od::json_type::boolean:
      return "a boolean";
    case od::json_type::string:
      return "a string";
    case od::json_type::number:
      return "a number";
    case od::json_type::null:
      return "null";
  }
  return "an unknown value";
}

std::string JsonError(simdjson::error_code error) {
  return fmt::format("malformed JSON: {}", simdjson::error_message(error));
}

// Feeds one value of a Report field into the builder. Returns a simdjson
// error only when the JSON itself is malformed.
simdjson::error_code SetField(Field field, od::value value, ReportBuilder& builder) {
  od::json_type type;
  if (auto e = value.type().get(type)) return e;
  switch (type) {
    case od::json_type::string: {
      std::string_view s;
      if (auto e = value.get_string().get(s)) return e;
      builder.SetString(field, s);
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      od::number_type number_type;
      if (auto e = value.get_number_type().get(number_type)) return e;
      if (number_type == od::number_type::signed_integer) {
        int64_t i;
        if (auto e = value.get_int64().get(i)) return e;
        builder.SetInteger(field, i);
      } else {
        double d;
        if (auto e = value.get_double().get(d)) return e;
        builder.SetNumber(field, d);
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = value.is_null().get(is_null)) return e;
      builder.SetNull(field);
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = value.get_bool().get(b)) return e;
      builder.SetWrongType(field, JsonTypeName(type));
      return simdjson::SUCCESS;
    }
    default:
      // Objects and arrays: On-Demand skips the unread value by itself.
      builder.SetWrongType(field, JsonTypeName(type));
      return simdjson::SUCCESS;
  }
}

// Reads the fields of an object as Report fields; unknown names are skipped.
simdjson::error_code ReadReportFields(od::object object, ReportBuilder& builder) {
  for (auto member : object) {
    std::string_view key;
    if (auto e = member.unescaped_key().get(key)) return e;
    od::value value;
    if (auto e = member.value().get(value)) return e;
    if (auto field = FieldFromName(key)) {
      if (auto e = SetField(*field, value, builder)) return e;
    }
  }
  return simdjson::SUCCESS;
}

struct PointCoordinates {
  double lon = 0;
  double lat = 0;
};

// Reads a GeoJSON geometry that must be a Point; problems go to the builder
// under the field "geometry". Returns nullopt when no usable point was found.
simdjson::error_code ReadPoint(od::value value, ReportBuilder& builder,
                               std::optional<PointCoordinates>& point) {
  od::json_type type;
  if (auto e = value.type().get(type)) return e;
  if (type == od::json_type::null) {
    bool is_null;
    if (auto e = value.is_null().get(is_null)) return e;
    builder.AddError("geometry", "is null; a Point is required");
    return simdjson::SUCCESS;
  }
  if (type != od::json_type::object) {
    builder.AddError("geometry",
                     fmt::format("must be a GeoJSON Point, not {}", JsonTypeName(type)));
    return simdjson::SUCCESS;
  }
  od::object object;
  if (auto e = value.get_object().get(object)) return e;
  std::string geometry_type;
  std::vector<double> coordinates;
  bool coordinates_ok = true;
  for (auto member : object) {
    std::string_view key;
    if (auto e = member.unescaped_key().get(key)) return e;
    od::value v;
    if (auto e = member.value().get(v)) return e;
    if (key == "type") {
      std::string_view t;
      if (v.get_string().get(t) != simdjson::SUCCESS) {
        builder.AddError("geometry", "its \"type\" must be a string");
        return simdjson::SUCCESS;
      }
      geometry_type = t;
    } else if (key == "coordinates") {
      od::array array;
      if (v.get_array().get(array) != simdjson::SUCCESS) {
        coordinates_ok = false;
        continue;
      }
      for (auto element : array) {
        double d;
        if (element.get_double().get(d) != simdjson::SUCCESS) {
          coordinates_ok = false;
          break;
        }
        coordinates.push_back(d);
      }
    }
  }
  if (geometry_type != "Point") {
    builder.AddError("geometry", geometry_type.empty()
                                     ? std::string("has no \"type\"; a Point is required")
                                     : fmt::format("is a {}; a Point is required", geometry_type));
    return simdjson::SUCCESS;
  }
  if (!coordinates_ok || coordinates.size() < 2 || coordinates.size() > 3) {
    builder.AddError("geometry",
                     "a Point's coordinates must be [longitude, latitude] or [longitude, latitude, "
                     "altitude] numbers");
    return simdjson::SUCCESS;
  }
  point = PointCoordinates{coordinates[0], coordinates[1]};
  return simdjson::SUCCESS;
}

simdjson::error_code ParseObject(od::object object, ReportBuilder& builder, bool require_feature) {
  bool is_feature = false;
  bool has_geometry = false;
  std::optional<PointCoordinates> point;
  std::optional<std::string> feature_id;
  // Report fields may sit at the top level (NDJSON) or in "properties"
  // (GeoJSON). simdjson On-Demand is forward-only, so each member is
  // handled as it comes; feature-level members are resolved at the end.
  for (auto member : object) {
    std::string_view key;
    if (auto e = member.unescaped_key().get(key)) return e;
    od::value value;
    if (auto e = member.value().get(value)) return e;
    if (key == "type") {
      std::string_view t;
      if (value.get_string().get(t) == simdjson::SUCCESS) {
        if (t == "Feature") {
          is_feature = true;
        } else if (t == "FeatureCollection") {
          builder.AddError("",
                           "a FeatureCollection cannot be a single record; read the file as "
                           "GeoJSON (--format geojson)");
          return simdjson::SUCCESS;
        }
      }
    } else if (key == "geometry") {
      has_geometry = true;
      if (auto e = ReadPoint(value, builder, point)) return e;
    } else if (key == "properties") {
      od::json_type type;
      if (auto e = value.type().get(type)) return e;
      if (type == od::json_type::object) {
        od::object props;
        if (auto e = value.get_object().get(props)) return e;
        if (auto e = ReadReportFields(props, builder)) return e;
      } else if (type != od::json_type::null) {
        builder.AddError("properties",
                         fmt::format("must be an object, not {}", JsonTypeName(type)));
      }
    } else if (key == "id" && require_feature) {
      // A Feature's own id (string or number); used when properties has none.
      od::json_type type;
      if (auto e = value.type().get(type)) return e;
      std::string_view raw;
      if (type == od::json_type::string) {
        if (auto e = value.get_string().get(raw)) return e;
      } else if (type == od::json_type::number) {
        raw = value.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                                raw.back() == '\t')) {
          raw.remove_suffix(1);
        }
      } else {
        builder.AddError("id", "a Feature's id must be a string or a number");
        continue;
      }
      feature_id = std::string(raw);
    } else if (auto field = FieldFromName(key)) {
      if (auto e = SetField(*field, value, builder)) return e;
    }
  }
  if (!is_feature) {
    if (require_feature) builder.AddError("type", "must be \"Feature\"");
    return simdjson::SUCCESS;
  }
  if (!has_geometry) {
    builder.AddError("geometry", "is required (a Point)");
    return simdjson::SUCCESS;
  }
  if (feature_id && !builder.Has(Field::kId)) builder.SetString(Field::kId, *feature_id);
  if (point) {
    if (builder.Has(Field::kLat) || builder.Has(Field::kLon)) {
      builder.AddError("lat", "lat/lon may not be given in properties as well as in the geometry");
    } else {
      builder.SetNumber(Field::kLon, point->lon);
      builder.SetNumber(Field::kLat, point->lat);
    }
  }
  return simdjson::SUCCESS;
}

}  // namespace

bool AtEndOfDocument(od::document& doc) {
  const char* location = nullptr;
  return doc.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
}

void ParseJsonRecord(od::parser& parser, const char* data, size_t size, size_t capacity,
                     ReportBuilder& builder, bool require_feature) {
  od::document doc;
  if (auto e = parser.iterate(data, size, capacity).get(doc)) {
    builder.AddError("", JsonError(e));
    return;
  }
  od::object object;
  if (auto e = doc.get_object().get(object)) {
    builder.AddError(
        "", e == simdjson::INCORRECT_TYPE ? "a record must be a JSON object" : JsonError(e));
    return;
  }
  if (auto e = ParseObject(object, builder, require_feature)) {
    builder.errors().clear();
    builder.AddError("", JsonError(e));
    return;
  }
  if (!AtEndOfDocument(doc))
    builder.AddError("", "malformed JSON: unexpected text after the record");
}

}  // namespace truceline::ingest::detail
