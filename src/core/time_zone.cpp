#include "core/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include <fmt/format.h>

namespace truceline::core {

namespace chr = std::chrono;

namespace {

constexpr int64_t kDayS = 86400;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t DaysOf(chr::year_month_day date) {
  return chr::sys_days(date).time_since_epoch().count();
}

chr::year_month_day DateOfDays(int64_t days) {
  return chr::year_month_day(chr::sys_days(chr::days(days)));
}

// --- POSIX TZ strings ---

class RuleReader {
 public:
  explicit RuleReader(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  // An abbreviation: three or more letters, or <…> with signs and digits.
  bool Name(std::string& out) {
    size_t start = pos_;
    if (Eat('<')) {
      while (!AtEnd() && Peek() != '>')
        ++pos_;
      out = std::string(text_.substr(start + 1, pos_ - start - 1));
      return Eat('>') && out.size() >= 3;
    }
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(Peek())))
      ++pos_;
    out = std::string(text_.substr(start, pos_ - start));
    return out.size() >= 3;
  }
  bool Number(int& out, int max_digits = 3) {
    int digits = 0;
    out = 0;
    while (digits < max_digits && std::isdigit(static_cast<unsigned char>(Peek()))) {
      out = out * 10 + (text_[pos_++] - '0');
      ++digits;
    }
    return digits > 0;
  }
  // [+-]hh[:mm[:ss]], in seconds; hours up to 167 (TZif v3 times).
  bool Time(int32_t& out) {
    int sign = 1;
    if (Eat('-')) {
      sign = -1;
    } else {
      Eat('+');
    }
    int h = 0, m = 0, s = 0;
    if (!Number(h) || h > 167) return false;
    if (Eat(':')) {
      if (!Number(m, 2) || m > 59) return false;
      if (Eat(':') && (!Number(s, 2) || s > 59)) return false;
    }
    out = sign * (h * 3600 + m * 60 + s);
    return true;
  }
  bool Date(PosixZoneRule::Date& date) {
    using Form = PosixZoneRule::Date::Form;
    if (Eat('J')) {
      date.form = Form::kJulian1;
      if (!Number(date.day) || date.day < 1 || date.day > 365) return false;
    } else if (Eat('M')) {
      date.form = Form::kMonthWeekDay;
      if (!Number(date.month, 2) || date.month < 1 || date.month > 12 || !Eat('.') ||
          !Number(date.week, 1) || date.week < 1 || date.week > 5 || !Eat('.') ||
          !Number(date.day, 1) || date.day > 6) {
        return false;
      }
    } else {
      date.form = Form::kJulian0;
      if (!Number(date.day) || date.day > 365) return false;
    }
    if (Eat('/')) return Time(date.time_s);
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// The local date (days since the epoch) a rule date falls on in `year`.
int64_t RuleDay(const PosixZoneRule::Date& date, int year) {
  using Form = PosixZoneRule::Date::Form;
  chr::year y{year};
  int64_t jan1 = DaysOf(y / chr::January / 1);
  switch (date.form) {
    case Form::kJulian1: {
      int64_t day = jan1 + date.day - 1;
      // February 29 is never counted: days after February 28 move by one.
      if (y.is_leap() && date.day >= 60) ++day;
      return day;
    }
    case Form::kJulian0:
      return jan1 + date.day;
    case Form::kMonthWeekDay: {
      chr::month m{static_cast<unsigned>(date.month)};
      chr::weekday wd{static_cast<unsigned>(date.day)};
      if (date.week == 5) return DaysOf(chr::year_month_day(y / m / wd[chr::last]));
      return DaysOf(chr::year_month_day(y / m / wd[static_cast<unsigned>(date.week)]));
    }
  }
  return jan1;
}

// --- TZif ---

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  bool Has(size_t n) const { return bytes_.size() - pos_ >= n; }
  size_t pos() const { return pos_; }
  void Skip(size_t n) { pos_ += n; }
  uint8_t U8() { return static_cast<uint8_t>(bytes_[pos_++]); }
  int64_t Signed(int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i)
      v = (v << 8) | U8();
    if (width == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<int64_t>(v);
  }
  std::string_view Rest() const { return bytes_.substr(pos_); }
  std::string_view Slice(size_t from, size_t n) const { return bytes_.substr(from, n); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

struct TzifCounts {
  char version = 0;
  int64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool ReadHeader(ByteReader& in, TzifCounts& c) {
  if (!in.Has(44) || in.Slice(in.pos(), 4) != "TZif") return false;
  in.Skip(4);
  c.version = static_cast<char>(in.U8());
  in.Skip(15);
  c.isut = in.Signed(4);
  c.isstd = in.Signed(4);
  c.leap = in.Signed(4);
  c.time = in.Signed(4);
  c.type = in.Signed(4);
  c.chars = in.Signed(4);
  return c.isut >= 0 && c.isstd >= 0 && c.leap >= 0 && c.time >= 0 && c.type >= 1 && c.chars >= 0 &&
         c.type <= 256;
}

size_t BlockSize(const TzifCounts& c, int time_width) {
  return static_cast<size_t>(c.time * time_width + c.time + c.type * 6 + c.chars +
                             c.leap * (time_width + 4) + c.isstd + c.isut);
}

}  // namespace

std::optional<PosixZoneRule> ParsePosixZoneRule(std::string_view text) {
  RuleReader in(text);
  PosixZoneRule rule;
  int32_t west = 0;
  if (!in.Name(rule.std_abbreviation) || !in.Time(west)) return std::nullopt;
  rule.std_offset_s = -west;
  if (in.AtEnd()) return rule;
  if (!in.Name(rule.dst_abbreviation)) return std::nullopt;
  rule.dst_offset_s = rule.std_offset_s + 3600;
  if (in.Peek() != ',' && !in.AtEnd()) {
    if (!in.Time(west)) return std::nullopt;
    rule.dst_offset_s = -west;
  }
  // POSIX leaves the default dates to the implementation; TZif footers
  // always name them, so a rule without them is refused.
  if (!in.Eat(',') || !in.Date(rule.dst_start) || !in.Eat(',') || !in.Date(rule.dst_end) ||
      !in.AtEnd()) {
    return std::nullopt;
  }
  return rule;
}

std::vector<ZoneTransition> PosixRuleTransitions(const PosixZoneRule& rule, int year) {
  if (rule.dst_abbreviation.empty()) return {};
  ZoneTransition start{
      RuleDay(rule.dst_start, year) * kDayS + rule.dst_start.time_s - rule.std_offset_s,
      rule.dst_offset_s, true, rule.dst_abbreviation};
  ZoneTransition end{RuleDay(rule.dst_end, year) * kDayS + rule.dst_end.time_s - rule.dst_offset_s,
                     rule.std_offset_s, false, rule.std_abbreviation};
  return {start, end};
}

TimeZone::TimeZone(std::string name, ZoneTransition initial,
                   std::vector<ZoneTransition> transitions, std::optional<PosixZoneRule> rule)
    : name_(std::move(name)),
      initial_(std::move(initial)),
      transitions_(std::move(transitions)),
      rule_(std::move(rule)) {}

TimeZone TimeZone::Utc() {
  return TimeZone("UTC", ZoneTransition{0, 0, false, "UTC"}, {}, std::nullopt);
}

std::vector<ZoneTransition> TimeZone::Transitions(int64_t from_s, int64_t to_s) const {
  std::vector<ZoneTransition> out;
  for (const ZoneTransition& t : transitions_) {
    if (t.at_s >= from_s && t.at_s < to_s) out.push_back(t);
  }
  // A rule without DST continues the last recorded type (RFC 8536 requires
  // the footer to agree with it): nothing to add.
  if (!rule_ || rule_->dst_abbreviation.empty()) return out;
  int64_t after =
      transitions_.empty() ? std::numeric_limits<int64_t>::min() : transitions_.back().at_s;
  int64_t begin = std::max(from_s, after + 1);
  if (begin >= to_s) return out;
  int first_year = static_cast<int>(DateOfDays(FloorDiv(begin, kDayS)).year()) - 1;
  int last_year = static_cast<int>(DateOfDays(FloorDiv(to_s, kDayS)).year()) + 1;
  ZoneTransition previous = transitions_.empty() ? initial_ : transitions_.back();
  for (int year = first_year; year <= last_year; ++year) {
    for (ZoneTransition& t : PosixRuleTransitions(*rule_, year)) {
      if (t.at_s <= after) continue;
      bool change = t.utc_offset_s != previous.utc_offset_s || t.is_dst != previous.is_dst ||
                    t.abbreviation != previous.abbreviation;
      previous = t;
      if (change && t.at_s >= begin && t.at_s < to_s) out.push_back(t);
    }
  }
  return out;
}

const ZoneTransition& TimeZone::TypeAt(int64_t unix_s, ZoneTransition& scratch) const {
  const bool before_first = transitions_.empty() || unix_s < transitions_.front().at_s;
  // Before the first transition the first type applies; with no recorded
  // transitions at all, the rule (if any) alone.
  if (before_first && !(transitions_.empty() && rule_)) return initial_;
  if (!before_first && (unix_s < transitions_.back().at_s || !rule_)) {
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_s,
                               [](int64_t t, const ZoneTransition& z) { return t < z.at_s; });
    return *std::prev(it);
  }
  scratch = ZoneTransition{0, rule_->std_offset_s, false, rule_->std_abbreviation};
  if (rule_->dst_abbreviation.empty()) return scratch;
  int year = static_cast<int>(DateOfDays(FloorDiv(unix_s, kDayS)).year());
  std::vector<ZoneTransition> around;
  for (int y = year - 1; y <= year + 1; ++y) {
    for (ZoneTransition& t : PosixRuleTransitions(*rule_, y))
      around.push_back(std::move(t));
  }
  std::sort(around.begin(), around.end(),
            [](const ZoneTransition& a, const ZoneTransition& b) { return a.at_s < b.at_s; });
  for (const ZoneTransition& t : around) {
    if (t.at_s > unix_s) break;
    scratch = t;
  }
  return scratch;
}

int32_t TimeZone::UtcOffsetAt(int64_t unix_s) const {
  ZoneTransition scratch;
  return TypeAt(unix_s, scratch).utc_offset_s;
}

UtcMicros TimeZone::StartOfLocalDay(chr::year_month_day date) const {
  const int64_t local_midnight = DaysOf(date) * kDayS;
  // Offsets never exceed a day, so every candidate lies within two days of
  // the local midnight read as UTC.
  const int64_t lo = local_midnight - 2 * kDayS, hi = local_midnight + 2 * kDayS;
  std::vector<int32_t> offsets{UtcOffsetAt(lo)};
  std::vector<ZoneTransition> changes = Transitions(lo, hi);
  for (const ZoneTransition& t : changes)
    offsets.push_back(t.utc_offset_s);
  int64_t best = std::numeric_limits<int64_t>::max();
  for (int32_t offset : offsets) {
    int64_t candidate = local_midnight - offset;
    if (UtcOffsetAt(candidate) == offset) best = std::min(best, candidate);
  }
  // A transition that jumps over midnight: the day starts when it happens.
  for (const ZoneTransition& t : changes) {
    int32_t before = UtcOffsetAt(t.at_s - 1);
    if (t.at_s + before <= local_midnight && t.at_s + t.utc_offset_s >= local_midnight) {
      best = std::min(best, t.at_s);
    }
  }
  return FromUnixMicros(best * 1'000'000);
}

chr::year_month_day TimeZone::LocalDate(UtcMicros t) const {
  int64_t s = FloorDiv(ToUnixMicros(t), 1'000'000);
  return DateOfDays(FloorDiv(s + UtcOffsetAt(s), kDayS));
}

Result<TimeZone> ParseTzif(std::string_view name, std::string_view bytes) {
  auto fail = [&](std::string_view what) {
    return Status(ErrorCode::kParseError, fmt::format("time zone {}: {}", name, what));
  };
  ByteReader in(bytes);
  TzifCounts counts;
  if (!ReadHeader(in, counts)) return fail("not TZif data (bad header)");
  int width = 4;
  if (counts.version >= '2') {
    if (!in.Has(BlockSize(counts, 4))) return fail("truncated version 1 data");
    in.Skip(BlockSize(counts, 4));
    if (!ReadHeader(in, counts)) return fail("bad version 2+ header");
    width = 8;
  }
  if (!in.Has(BlockSize(counts, width))) return fail("truncated data");
  std::vector<int64_t> times(static_cast<size_t>(counts.time));
  for (int64_t& t : times)
    t = in.Signed(width);
  std::vector<uint8_t> indices(static_cast<size_t>(counts.time));
  for (uint8_t& i : indices) {
    i = in.U8();
    if (i >= counts.type) return fail("a transition names a local time type out of range");
  }
  struct Type {
    int32_t offset;
    bool dst;
    uint8_t abbreviation;
  };
  std::vector<Type> types(static_cast<size_t>(counts.type));
  for (Type& type : types) {
    type.offset = static_cast<int32_t>(in.Signed(4));
    type.dst = in.U8() != 0;
    type.abbreviation = in.U8();
    if (type.abbreviation >= counts.chars) return fail("an abbreviation index is out of range");
  }
  std::string_view chars = in.Slice(in.pos(), static_cast<size_t>(counts.chars));
  in.Skip(
      static_cast<size_t>(counts.chars + counts.leap * (width + 4) + counts.isstd + counts.isut));
  auto make = [&](int64_t at, const Type& type) {
    std::string_view rest = chars.substr(type.abbreviation);
    return ZoneTransition{at, type.offset, type.dst, std::string(rest.substr(0, rest.find('\0')))};
  };
  std::vector<ZoneTransition> transitions;
  for (size_t i = 0; i < times.size(); ++i) {
    if (i > 0 && times[i] <= times[i - 1]) return fail("transitions are not in time order");
    transitions.push_back(make(times[i], types[indices[i]]));
  }
  std::optional<PosixZoneRule> rule;
  if (width == 8) {
    std::string_view footer = in.Rest();
    if (footer.size() < 2 || footer.front() != '\n') return fail("missing footer");
    footer.remove_prefix(1);
    size_t end = footer.find('\n');
    if (end == std::string_view::npos) return fail("unterminated footer");
    footer = footer.substr(0, end);
    if (!footer.empty()) {
      rule = ParsePosixZoneRule(footer);
      if (!rule) return fail(fmt::format("malformed footer rule '{}'", footer));
    }
  }
  return TimeZone(std::string(name), make(0, types[0]), std::move(transitions), std::move(rule));
}

}  // namespace truceline::core
