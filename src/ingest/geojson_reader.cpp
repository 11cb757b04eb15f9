#include <fmt/format.h>

#include "ingest/json_record.hpp"
#include "ingest/readers.hpp"

namespace truceline::ingest::detail {
namespace {

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A GeoJSON FeatureCollection read as a stream: a byte-level state machine
// walks the top-level object and cuts out one feature at a time, which is
// then parsed by ParseJsonRecord. Memory is bounded by the largest feature
// (at most kMaxRecordBytes), not by the file. Features are numbered from 0.
class GeoJsonReader final : public Reader {
 public:
  GeoJsonReader(std::unique_ptr<InputBuffer> input, const ValidationPolicy& policy)
      : input_(std::move(input)), builder_(policy) {}

  core::Result<bool> ReadBatch(ReportBatch& batch, size_t max_records) override {
    batch.file = input_->display_name();
    batch.location_kind = "feature";
    while (batch.RecordCount() < max_records) {
      if (mode_ == Mode::kFailed || finished_) return false;
      if (scan_ >= input_->size()) {
        if (input_->at_eof()) {
          FinishFile(batch);
          return false;
        }
        ReleaseScanned();
        auto more = input_->Fill();
        if (!more.ok()) return more.status();
        continue;
      }
      Step(batch);
    }
    return true;
  }

 private:
  enum class Mode {
    kBeforeTop,      // expecting the top-level '{'
    kTopKeyOrEnd,    // inside the top object: a key or '}'
    kTopKey,         // inside a key string
    kTopColon,       // after a key
    kTopValueStart,  // after ':'
    kTopString,      // inside a top-level string value
    kTopScalar,      // inside a number / true / false / null
    kTopNested,      // inside a nested object/array value (skipped)
    kTopAfterValue,  // expecting ',' or '}'
    kFeatureOrEnd,   // inside "features": a feature or ']'
    kFeature,        // expecting a feature after ','
    kInFeature,      // inside a feature object
    kSkipFeature,    // inside an over-long feature being dropped
    kAfterFeature,   // expecting ',' or ']'
    kDone,           // after the top-level '}'
    kFailed,
  };

  // Processes the byte at scan_.
  void Step(ReportBatch& batch) {
    const char c = input_->data()[scan_];
    if (in_string_) {
      if (escape_) {
        escape_ = false;
      } else if (c == '\\') {
        escape_ = true;
      } else if (c == '"') {
        in_string_ = false;
        if (mode_ == Mode::kTopKey) {
          key_ = capture_;
          mode_ = Mode::kTopColon;
        } else if (mode_ == Mode::kTopString) {
          if (key_ == "type") type_ = capture_;
          mode_ = Mode::kTopAfterValue;
        }
        ++scan_;
        return;
      }
      if (capturing_ && capture_.size() < 64) capture_ += c;
      ++scan_;
      CheckFeatureLength(batch);
      return;
    }
    ++scan_;
    if (IsJsonSpace(c)) {
      if (mode_ == Mode::kTopScalar) mode_ = Mode::kTopAfterValue;
      return;
    }
    switch (mode_) {
      case Mode::kBeforeTop:
        if (c == '{') {
          mode_ = Mode::kTopKeyOrEnd;
        } else if (!(consumed_bytes_ + scan_ == 1 && c == '\xEF' && input_->size() >= 3)) {
          Fail(batch, "a GeoJSON file must hold one JSON object (a FeatureCollection)");
        } else {
          scan_ += 2;  // UTF-8 byte-order mark
        }
        return;
      case Mode::kTopKeyOrEnd:
        if (c == '"') {
          StartString(/*capture=*/true);
          mode_ = Mode::kTopKey;
        } else if (c == '}') {
          mode_ = Mode::kDone;
        } else {
          Fail(batch, "expected a member name in the top-level object");
        }
        return;
      case Mode::kTopColon:
        if (c == ':') {
          mode_ = Mode::kTopValueStart;
        } else {
          Fail(batch, "expected ':' after a member name");
        }
        return;
      case Mode::kTopValueStart:
        if (key_ == "features") {
          if (c == '[') {
            saw_features_ = true;
            mode_ = Mode::kFeatureOrEnd;
          } else {
            Fail(batch, "\"features\" must be an array");
          }
        } else if (c == '"') {
          StartString(/*capture=*/key_ == "type");
          mode_ = Mode::kTopString;
        } else if (c == '{' || c == '[') {
          nesting_ = 1;
          mode_ = Mode::kTopNested;
        } else {
          mode_ = Mode::kTopScalar;
        }
        return;
      case Mode::kTopScalar:
        if (c == ',') {
          mode_ = Mode::kTopKeyOrEnd;
        } else if (c == '}') {
          mode_ = Mode::kDone;
        }
        return;
      case Mode::kTopNested:
      case Mode::kInFeature:
      case Mode::kSkipFeature:
        if (c == '"') {
          StartString(/*capture=*/false);
        } else if (c == '{' || c == '[') {
          ++nesting_;
        } else if ((c == '}' || c == ']') && --nesting_ == 0) {
          if (mode_ == Mode::kTopNested) {
            mode_ = Mode::kTopAfterValue;
          } else {
            EndFeature(batch);
          }
          return;
        }
        CheckFeatureLength(batch);
        return;
      case Mode::kTopAfterValue:
        if (c == ',') {
          mode_ = Mode::kTopKeyOrEnd;
        } else if (c == '}') {
          mode_ = Mode::kDone;
        } else {
          Fail(batch, "expected ',' or '}' in the top-level object");
        }
        return;
      case Mode::kFeatureOrEnd:
      case Mode::kFeature:
        if (c == '{') {
          feature_start_ = scan_ - 1;
          nesting_ = 1;
          mode_ = Mode::kInFeature;
        } else if (c == ']' && mode_ == Mode::kFeatureOrEnd) {
          mode_ = Mode::kTopAfterValue;
        } else {
          Fail(batch, fmt::format("feature {} is not a JSON object", feature_index_));
        }
        return;
      case Mode::kAfterFeature:
        if (c == ',') {
          mode_ = Mode::kFeature;
        } else if (c == ']') {
          mode_ = Mode::kTopAfterValue;
        } else {
          Fail(batch, "expected ',' or ']' after a feature");
        }
        return;
      case Mode::kDone:
        Fail(batch, "unexpected text after the FeatureCollection");
        return;
      case Mode::kTopKey:
      case Mode::kTopString:
      case Mode::kFailed:
        return;
    }
  }

  void StartString(bool capture) {
    in_string_ = true;
    escape_ = false;
    capturing_ = capture;
    capture_.clear();
  }

  void EndFeature(ReportBatch& batch) {
    if (mode_ == Mode::kSkipFeature) {
      batch.rejections.push_back(Rejection{
          batch.file,
          "feature",
          feature_index_,
          core::ErrorCode::kInvalidRecord,
          {FieldError{"", fmt::format("the feature is longer than {} bytes", kMaxRecordBytes)}},
          overlong_head_});
    } else {
      const char* begin = input_->data() + feature_start_;
      size_t size = scan_ - feature_start_;
      builder_.Reset();
      ParseJsonRecord(parser_, begin, size, input_->capacity() - feature_start_, builder_,
                      /*require_feature=*/true);
      FinishRecord(builder_, std::string_view(begin, size), feature_index_, batch.file, "feature",
                   batch);
    }
    ++feature_index_;
    mode_ = Mode::kAfterFeature;
  }

  // Switches a feature that outgrows the limit to skipping mode, so the
  // buffer need not hold it whole.
  void CheckFeatureLength(ReportBatch&) {
    if (mode_ == Mode::kInFeature && scan_ - feature_start_ > kMaxRecordBytes) {
      overlong_head_.assign(input_->data() + feature_start_, 256);
      mode_ = Mode::kSkipFeature;
    }
  }

  // Drops the bytes already scanned, except an unfinished feature's.
  void ReleaseScanned() {
    size_t keep_from = mode_ == Mode::kInFeature ? feature_start_ : scan_;
    input_->Consume(keep_from);
    consumed_bytes_ += keep_from;
    scan_ -= keep_from;
    if (mode_ == Mode::kInFeature) feature_start_ = 0;
  }

  void Fail(ReportBatch& batch, std::string what) {
    size_t from = scan_ > 0 ? scan_ - 1 : 0;
    std::string context(input_->data() + from, std::min<size_t>(input_->size() - from, 128));
    batch.rejections.push_back(Rejection{
        batch.file,
        "feature",
        feature_index_,
        core::ErrorCode::kParseError,
        {FieldError{"", fmt::format("malformed GeoJSON at byte {}: {}; the rest of the file was "
                                    "not read",
                                    consumed_bytes_ + from, what)}},
        context});
    mode_ = Mode::kFailed;
  }

  void FinishFile(ReportBatch& batch) {
    finished_ = true;
    auto reject = [&](std::string reason) {
      batch.rejections.push_back(Rejection{batch.file,
                                           "feature",
                                           feature_index_,
                                           core::ErrorCode::kParseError,
                                           {FieldError{"", std::move(reason)}},
                                           ""});
    };
    if (mode_ == Mode::kBeforeTop) return;  // an empty file holds no records
    if (mode_ != Mode::kDone) {
      reject("the file ends inside the FeatureCollection (truncated?)");
    } else if (!saw_features_) {
      reject("not a FeatureCollection: there is no \"features\" array");
    } else if (type_ != "FeatureCollection") {
      reject(fmt::format("the top-level \"type\" is '{}', not 'FeatureCollection'", type_));
    }
  }

  std::unique_ptr<InputBuffer> input_;
  simdjson::ondemand::parser parser_;
  ReportBuilder builder_;
  Mode mode_ = Mode::kBeforeTop;
  size_t scan_ = 0;            // next byte to look at, relative to input_->data()
  size_t feature_start_ = 0;   // start of the current feature, relative to input_->data()
  size_t consumed_bytes_ = 0;  // bytes released before input_->data()
  int nesting_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
  bool capturing_ = false;
  bool saw_features_ = false;
  bool finished_ = false;
  std::string capture_;
  std::string key_;
  std::string type_;
  std::string overlong_head_;
  uint64_t feature_index_ = 0;
};

}  // namespace

std::unique_ptr<Reader> MakeGeoJsonReader(std::unique_ptr<InputBuffer> input,
                                          const ValidationPolicy& policy) {
  return std::make_unique<GeoJsonReader>(std::move(input), policy);
}

}  // namespace truceline::ingest::detail
