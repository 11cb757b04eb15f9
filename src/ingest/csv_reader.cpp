#include <cstring>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "ingest/readers.hpp"

namespace truceline::ingest::detail {
namespace {

// RFC 4180 CSV: comma-separated, optional double quotes ("" escapes a quote;
// quoted fields may hold commas and line breaks), LF or CRLF line ends, an
// optional UTF-8 byte-order mark. The first record names the columns;
// columns outside the Report contract are ignored.
class CsvReader final : public Reader {
 public:
  CsvReader(std::unique_ptr<InputBuffer> input, const ValidationPolicy& policy)
      : input_(std::move(input)), builder_(policy) {}

  core::Result<bool> ReadBatch(ReportBatch& batch, size_t max_records) override {
    batch.file = input_->display_name();
    batch.location_kind = "line";
    while (batch.RecordCount() < max_records) {
      auto scanned = ScanRecord(batch);
      if (!scanned.ok()) return scanned.status();
      if (!*scanned) return false;
      std::string_view raw(input_->data(), record_size_);
      uint64_t first_line = line_ + 1;
      line_ += record_newlines_;
      if (!header_read_) {
        ReadHeader(raw);
        batch.csv_header = header_raw_;
      } else if (!IsEmptyRecord()) {
        batch.csv_header = header_raw_;
        HandleRow(raw, first_line, batch);
      }
      input_->Consume(consumed_);
    }
    return true;
  }

 private:
  // Finds the next record at the front of the input; fills fields_,
  // record_size_ (without the line end), consumed_ and record_newlines_.
  // Returns false at end of input.
  core::Result<bool> ScanRecord(ReportBatch& batch) {
    if (!bom_checked_) {
      while (input_->size() < 3 && !input_->at_eof()) {
        auto more = input_->Fill();
        if (!more.ok()) return more.status();
      }
      bom_checked_ = true;
      if (input_->size() >= 3 && std::string_view(input_->data(), 3) == "\xEF\xBB\xBF") {
        input_->Consume(3);
      }
    }
    while (true) {
      switch (TryScan()) {
        case ScanState::kComplete:
          return true;
        case ScanState::kTooLong: {
          core::Status skipped = SkipTooLong(batch);
          if (!skipped.ok()) return skipped;
          break;
        }
        case ScanState::kNeedMore: {
          if (input_->at_eof()) {
            if (input_->size() == 0) return false;
            // A final record without a line end (or with an unclosed quote).
            return ScanToEnd();
          }
          auto more = input_->Fill();
          if (!more.ok()) return more.status();
          break;
        }
      }
    }
  }

  enum class ScanState { kComplete, kNeedMore, kTooLong };

  ScanState TryScan() { return Scan(/*at_eof=*/false) ? ScanState::kComplete : Pending(); }
  ScanState Pending() const {
    return input_->size() > kMaxRecordBytes ? ScanState::kTooLong : ScanState::kNeedMore;
  }
  bool ScanToEnd() { return Scan(/*at_eof=*/true); }

  // Splits one record into fields. With `at_eof`, the end of the input ends
  // the record; otherwise an incomplete record returns false.
  bool Scan(bool at_eof) {
    const char* p = input_->data();
    const char* end = p + input_->size();
    fields_.clear();
    record_newlines_ = 0;
    unterminated_quote_ = false;
    const char* record_begin = p;
    while (true) {
      // One field.
      std::string field;
      if (p < end && *p == '"') {
        ++p;
        bool closed = false;
        while (p < end) {
          if (*p == '"') {
            if (p + 1 < end && p[1] == '"') {
              field += '"';
              p += 2;
              continue;
            }
            if (p + 1 == end && !at_eof) return false;  // might be an escaped quote
            ++p;
            closed = true;
            break;
          }
          if (*p == '\n') ++record_newlines_;
          field += *p++;
        }
        if (!closed) {
          if (!at_eof) return false;
          unterminated_quote_ = true;
        }
        // Text between the closing quote and the delimiter is kept as-is.
        while (p < end && *p != ',' && *p != '\n')
          field += *p++;
      } else {
        const char* start = p;
        while (p < end && *p != ',' && *p != '\n')
          ++p;
        field.assign(start, p);
      }
      if (!field.empty() && field.back() == '\r' && (p == end || *p == '\n')) field.pop_back();
      fields_.push_back(std::move(field));
      if (p == end) {
        if (!at_eof) return false;
        record_size_ = static_cast<size_t>(p - record_begin);
        consumed_ = record_size_;
        ++record_newlines_;
        return true;
      }
      if (*p == '\n') {
        record_size_ = static_cast<size_t>(p - record_begin);
        if (record_size_ > 0 && record_begin[record_size_ - 1] == '\r') --record_size_;
        consumed_ = static_cast<size_t>(p - record_begin) + 1;
        ++record_newlines_;
        return true;
      }
      ++p;  // the comma
    }
  }

  // Treats everything up to the next line end as one bad record, read in
  // bounded memory; its first bytes go to the reject file.
  core::Status SkipTooLong(ReportBatch& batch) {
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
      if (!more.ok()) return more.status();
      if (!*more) break;
    }
    batch.rejections.push_back(Rejection{
        input_->display_name(),
        "line",
        line_,
        core::ErrorCode::kInvalidRecord,
        {FieldError{"", fmt::format("the record is longer than {} bytes", kMaxRecordBytes)}},
        head});
    return core::Status::Ok();
  }

  bool IsEmptyRecord() const { return fields_.size() == 1 && fields_[0].empty(); }

  void ReadHeader(std::string_view raw) {
    header_read_ = true;
    header_raw_ = std::string(raw);
    columns_.clear();
    for (const auto& name : fields_) {
      std::string_view trimmed = name;
      while (!trimmed.empty() && trimmed.front() == ' ')
        trimmed.remove_prefix(1);
      while (!trimmed.empty() && trimmed.back() == ' ')
        trimmed.remove_suffix(1);
      auto field = FieldFromName(trimmed);
      if (field) {
        for (const auto& existing : columns_) {
          if (existing == field) {
            header_error_ = fmt::format("the header names column '{}' twice", trimmed);
          }
        }
      }
      columns_.push_back(field);
    }
    header_columns_ = fields_.size();
  }

  void HandleRow(std::string_view raw, uint64_t first_line, ReportBatch& batch) {
    builder_.Reset();
    if (!header_error_.empty()) {
      builder_.AddError("", header_error_);
    } else if (unterminated_quote_) {
      builder_.AddError("", "a quoted field is not closed before the end of the file");
    } else if (fields_.size() != header_columns_) {
      builder_.AddError("", fmt::format("the row has {} fields but the header has {}",
                                        fields_.size(), header_columns_));
    } else {
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (columns_[i]) builder_.SetText(*columns_[i], fields_[i]);
      }
    }
    FinishRecord(builder_, raw, first_line, batch.file, "line", batch);
  }

  std::unique_ptr<InputBuffer> input_;
  ReportBuilder builder_;
  std::vector<std::string> fields_;
  std::vector<std::optional<Field>> columns_;
  std::string header_raw_;
  std::string header_error_;
  size_t header_columns_ = 0;
  size_t record_size_ = 0;
  size_t consumed_ = 0;
  uint64_t record_newlines_ = 0;
  uint64_t line_ = 0;
  bool header_read_ = false;
  bool bom_checked_ = false;
  bool unterminated_quote_ = false;
};

}  // namespace

std::unique_ptr<Reader> MakeCsvReader(std::unique_ptr<InputBuffer> input,
                                      const ValidationPolicy& policy) {
  return std::make_unique<CsvReader>(std::move(input), policy);
}

}  // namespace truceline::ingest::detail
