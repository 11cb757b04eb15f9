#include <cstring>

#include <fmt/format.h>

#include "ingest/json_record.hpp"
#include "ingest/readers.hpp"

namespace truceline::ingest::detail {
namespace {

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// One JSON record per line; blank lines are skipped; a line may also be a
// GeoJSON Point Feature (newline-delimited GeoJSON).
class NdjsonReader final : public Reader {
 public:
  NdjsonReader(std::unique_ptr<InputBuffer> input, const ValidationPolicy& policy)
      : input_(std::move(input)), builder_(policy) {}

  core::Result<bool> ReadBatch(ReportBatch& batch, size_t max_records) override {
    batch.file = input_->display_name();
    batch.location_kind = "line";
    while (batch.RecordCount() < max_records) {
      const char* begin = input_->data();
      const char* newline = static_cast<const char*>(std::memchr(begin, '\n', input_->size()));
      if (newline == nullptr) {
        if (input_->size() > kMaxRecordBytes) {
          SkipOverlongLine(batch);
          continue;
        }
        if (!input_->at_eof()) {
          auto more = input_->Fill();
          if (!more.ok()) return more.status();
          continue;
        }
        if (input_->size() == 0) return false;
        newline = begin + input_->size();  // last line without a newline
      }
      size_t length = static_cast<size_t>(newline - begin);
      ++line_;
      std::string_view line(begin, length);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!IsBlank(line)) {
        if (line.size() > kMaxRecordBytes) {
          Reject(batch, line.substr(0, 256), OverlongReason());
        } else {
          builder_.Reset();
          ParseJsonRecord(parser_, line.data(), line.size(), input_->capacity(), builder_,
                          /*require_feature=*/false);
          FinishRecord(builder_, line, line_, batch.file, "line", batch);
        }
      }
      input_->Consume(std::min(length + 1, input_->size()));
    }
    return true;
  }

 private:
  static std::string OverlongReason() {
    return fmt::format("the record is longer than {} bytes", kMaxRecordBytes);
  }

  void Reject(ReportBatch& batch, std::string_view raw, std::string reason) {
    batch.rejections.push_back(Rejection{batch.file,
                                         "line",
                                         line_,
                                         core::ErrorCode::kInvalidRecord,
                                         {FieldError{"", std::move(reason)}},
                                         std::string(raw)});
  }

  // Drops an over-long line in bounded memory, keeping its first bytes for
  // the reject file.
  void SkipOverlongLine(ReportBatch& batch) {
    ++line_;
    std::string head(input_->data(), 256);
    while (true) {
      const char* newline =
          static_cast<const char*>(std::memchr(input_->data(), '\n', input_->size()));
      if (newline != nullptr) {
        input_->Consume(static_cast<size_t>(newline - input_->data()) + 1);
        break;
      }
      input_->Consume(input_->size());
      auto more = input_->Fill();
      if (!more.ok() || !*more) break;
    }
    Reject(batch, head, OverlongReason());
  }

  std::unique_ptr<InputBuffer> input_;
  simdjson::ondemand::parser parser_;
  ReportBuilder builder_;
  uint64_t line_ = 0;
};

}  // namespace

std::unique_ptr<Reader> MakeNdjsonReader(std::unique_ptr<InputBuffer> input,
                                         const ValidationPolicy& policy) {
  return std::make_unique<NdjsonReader>(std::move(input), policy);
}

}  // namespace truceline::ingest::detail
