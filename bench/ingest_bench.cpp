// Microbenchmarks of the ingest stages on seeded simulated reports:
//   Parse/{ndjson,csv,geojson}  ingest::OpenReader + ReadBatch loop (parse,
//                               validate, digest), from a temp file
//   StoreAppend                 store::Store::AppendReports of pre-parsed
//                               batches into a fresh SQLite file, with and
//                               without fsync and secondary indexes, to split
//                               the cost of a commit into its parts
//   SqliteRaw/<variant>         the same rows through raw sqlite3 calls into
//                               the v1 table, one change per variant: where
//                               SQLite's time goes, and what would help
//   ServiceIngest               app::Service::Ingest: the whole pipeline
// Input size: $TRUCELINE_BENCH_REPORTS (default 100000), seed 20250401.
// Machine-readable output: --benchmark_format=json (or --benchmark_out=F).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "app/app.hpp"
#include "app/report_export.hpp"
#include "bench_input.hpp"
#include "core/report_json.hpp"
#include "ingest/ingest.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace truceline::bench {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kSeed = 20250401;
constexpr size_t kDefaultReports = 100'000;
// Well after the simulated exercise, so no report is "in the future".
const core::UtcMicros kNow = core::FromUnixMicros(1'767'225'600'000'000);  // 2026-01-01

struct Inputs {
  std::string dir;
  size_t count = 0;
  std::string ndjson_path, csv_path, geojson_path;
  size_t ndjson_bytes = 0, csv_bytes = 0, geojson_bytes = 0;
  // Pre-parsed (from the NDJSON file), index-aligned.
  std::vector<core::Report> reports;
  std::vector<core::ContentDigest> digests;
  uint64_t distinct_keys = 0;
};

Inputs* g_inputs = nullptr;

[[noreturn]] void Die(const core::Status& status) {
  std::fprintf(stderr, "truceline_bench: %s\n", status.ToString().c_str());
  std::exit(1);
}

void BuildInputs(Inputs& in) {
  const char* env = std::getenv("TRUCELINE_BENCH_REPORTS");
  in.count = env != nullptr ? std::strtoull(env, nullptr, 10) : kDefaultReports;
  if (in.count == 0) in.count = kDefaultReports;
  std::string tmpl = (fs::temp_directory_path() / "truceline-bench-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) Die(core::Status(core::ErrorCode::kIoError, "mkdtemp"));
  in.dir = tmpl;
  in.ndjson_path = in.dir + "/reports.ndjson";
  in.csv_path = in.dir + "/reports.csv";
  in.geojson_path = in.dir + "/reports.geojson";

  auto reports = GenerateReports(in.count, kSeed);
  if (!reports.ok()) Die(reports.status());
  std::string text;
  for (const auto& r : *reports)
    core::AppendReportNdjson(text, r);
  in.ndjson_bytes = text.size();
  if (auto s = WriteFile(in.ndjson_path, text); !s.ok()) Die(s);
  text = app::ReportCsvHeader();
  for (const auto& r : *reports)
    app::AppendReportCsvRow(text, r);
  in.csv_bytes = text.size();
  if (auto s = WriteFile(in.csv_path, text); !s.ok()) Die(s);
  text = GeoJsonCollection(*reports);
  in.geojson_bytes = text.size();
  if (auto s = WriteFile(in.geojson_path, text); !s.ok()) Die(s);

  // Pre-parse through the real reader so digests are the ones ingest makes.
  core::FixedClock clock(kNow);
  // The reader keeps a reference to the policy: it must outlive the reader.
  const ingest::ValidationPolicy policy{&clock};
  auto reader = ingest::OpenReader(in.ndjson_path, ingest::Format::kNdjson, policy);
  if (!reader.ok()) Die(reader.status());
  ingest::ReportBatch batch;
  for (bool more = true; more;) {
    batch.Clear();
    auto read = (*reader)->ReadBatch(batch, 50'000);
    if (!read.ok()) Die(read.status());
    more = *read;
    if (!batch.rejections.empty()) {
      Die(core::Status(core::ErrorCode::kInternal, "the generated input has rejections"));
    }
    for (auto& r : batch.reports)
      in.reports.push_back(std::move(r));
    in.digests.insert(in.digests.end(), batch.digests.begin(), batch.digests.end());
  }
  if (in.reports.size() != in.count) {
    Die(core::Status(core::ErrorCode::kInternal, "pre-parse lost reports"));
  }
}

void RemoveDb(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    fs::remove(path + suffix, ignored);
}

// --- Parse + validate -------------------------------------------------------

void BM_Parse(benchmark::State& state, ingest::Format format) {
  const Inputs& in = *g_inputs;
  const std::string& path = format == ingest::Format::kNdjson ? in.ndjson_path
                            : format == ingest::Format::kCsv  ? in.csv_path
                                                              : in.geojson_path;
  const size_t bytes = format == ingest::Format::kNdjson ? in.ndjson_bytes
                       : format == ingest::Format::kCsv  ? in.csv_bytes
                                                         : in.geojson_bytes;
  const auto batch_records = static_cast<size_t>(state.range(0));
  core::FixedClock clock(kNow);
  ingest::ValidationPolicy policy{&clock};
  ingest::ReportBatch batch;
  for (auto _ : state) {
    auto reader = ingest::OpenReader(path, format, policy);
    if (!reader.ok()) {
      state.SkipWithError(reader.status().ToString().c_str());
      return;
    }
    uint64_t accepted = 0, rejected = 0;
    for (bool more = true; more;) {
      batch.Clear();
      auto read = (*reader)->ReadBatch(batch, batch_records);
      if (!read.ok()) {
        state.SkipWithError(read.status().ToString().c_str());
        return;
      }
      more = *read;
      accepted += batch.reports.size();
      rejected += batch.rejections.size();
    }
    if (accepted != in.count || rejected != 0) {
      state.SkipWithError("parse did not accept every generated report");
      return;
    }
    benchmark::DoNotOptimize(batch);
  }
  const auto iterations = static_cast<int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<int64_t>(bytes));
  state.SetItemsProcessed(iterations * static_cast<int64_t>(in.count));
  state.counters["input_bytes"] = static_cast<double>(bytes);
  state.counters["bytes_per_report"] = static_cast<double>(bytes) / static_cast<double>(in.count);
}
BENCHMARK_CAPTURE(BM_Parse, ndjson, ingest::Format::kNdjson)
    ->Arg(50'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Parse, csv, ingest::Format::kCsv)
    ->Arg(50'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Parse, geojson, ingest::Format::kGeoJson)
    ->Arg(50'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// --- Store append -----------------------------------------------------------

// Args: batch records, durable (synchronous=FULL + fsync per commit), and
// indexes: 2 = the store's schema as migrated, 1 = the same without the
// observed_at index reports_by_time (the key index that ON CONFLICT needs
// stays; BM_SqliteRaw measures a table without any index).
void BM_StoreAppend(benchmark::State& state) {
  const Inputs& in = *g_inputs;
  const auto batch_records = static_cast<size_t>(state.range(0));
  const bool durable = state.range(1) != 0;
  const int64_t indexes = state.range(2);
  const std::string path = in.dir + "/append.db";
  const std::span<const core::Report> reports(in.reports);
  const std::span<const core::ContentDigest> digests(in.digests);
  uint64_t inserted = 0, duplicates = 0;
  for (auto _ : state) {
    state.PauseTiming();
    RemoveDb(path);
    {
      auto created = store::OpenSqliteStore(path, {durable});
      if (!created.ok()) {
        state.SkipWithError(created.status().ToString().c_str());
        return;
      }
    }
    if (indexes < 2) {
      sqlite3* db = nullptr;
      sqlite3_open(path.c_str(), &db);
      int rc = sqlite3_exec(db, "DROP INDEX reports_by_time", nullptr, nullptr, nullptr);
      sqlite3_close(db);
      if (rc != SQLITE_OK) {
        state.SkipWithError("dropping the indexes failed");
        return;
      }
    }
    auto store = store::OpenSqliteStore(path, {durable});
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    inserted = duplicates = 0;
    state.ResumeTiming();
    for (size_t begin = 0; begin < reports.size(); begin += batch_records) {
      size_t n = std::min(batch_records, reports.size() - begin);
      auto appended =
          (*store)->AppendReports(reports.subspan(begin, n), digests.subspan(begin, n), kNow);
      if (!appended.ok()) {
        state.SkipWithError(appended.status().ToString().c_str());
        return;
      }
      inserted += appended->inserted;
      duplicates += appended->duplicates;
    }
    state.PauseTiming();
    store->reset();  // closing checkpoints the WAL: not part of the append
    state.ResumeTiming();
  }
  if (inserted + duplicates != in.count) {
    state.SkipWithError("append lost reports");
    return;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.count));
  state.counters["inserted"] = static_cast<double>(inserted);
  state.counters["duplicates"] = static_cast<double>(duplicates);
  state.counters["commits"] = static_cast<double>((in.count + batch_records - 1) / batch_records);
}
BENCHMARK(BM_StoreAppend)
    ->ArgNames({"batch", "durable", "indexes"})
    ->Args({50'000, 1, 2})
    ->Args({50'000, 0, 2})
    ->Args({50'000, 1, 1})
    ->Args({5'000, 1, 2})
    ->Args({200'000, 1, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// --- Raw SQLite, without the Store ----------------------------------------

// The same rows inserted with hand-written prepared statements into the
// store's reports table as first designed (schema v1 of 2026-11: 17 columns,
// UNIQUE (source, id), an index on observed_at_us; kept here verbatim so the
// figures stay comparable while the store's schema evolves), one transaction
// per 50,000 rows as the Store does. Each variant changes one thing, to split
// the cost into table writes, index maintenance, ON CONFLICT, fsync and
// checkpoints, and to try the changes one could make.
enum class Indexes {
  kNone,
  kKey,            // UNIQUE (source, id)
  kTime,           // (observed_at_us)
  kBoth,           // UNIQUE (source, id) + (observed_at_us): the v1 schema
  kBothAfterLoad,  // none during the load, both built after it (timed)
  kHashAndTime,    // UNIQUE (key_hash INTEGER) + (observed_at_us)
};

struct RawVariant {
  Indexes indexes = Indexes::kBoth;
  bool on_conflict = true;         // ON CONFLICT (key) DO NOTHING
  bool full_sync = true;           // synchronous=FULL (fsync per commit), else OFF
  bool checkpoint_at_end = false;  // wal_autocheckpoint=0 during the load, one checkpoint after
  int page_size = 4096;
  int rows_per_statement = 1;       // multi-row INSERT ... VALUES (...), (...)
  int cache_mb = 64;                // PRAGMA cache_size (the Store uses 64 MB)
  bool sort_batch_by_time = false;  // insert each batch in observed_at order
};

constexpr size_t kRawBatch = 50'000;

// The store's own `reports` table, taken from its first migration without
// the indexes (the variants add them one at a time), optionally with a
// key-hash column.
std::string RawTable(bool with_hash) {
  std::string_view v1 = store::sqlite_detail::Migrations()[0];
  std::string table(v1.substr(0, v1.find(';')));
  if (with_hash) table.insert(table.rfind(')'), ",\n  key_hash INTEGER NOT NULL");
  return table + ";\n";
}
constexpr std::string_view kRawKeyIndex =
    "CREATE UNIQUE INDEX reports_by_key ON reports (source, id);";
constexpr std::string_view kRawTimeIndex =
    "CREATE INDEX reports_by_time ON reports (observed_at_us);";

// FNV-1a over source, a NUL and id: a stand-in for any 64-bit key hash.
int64_t KeyHash(const core::Report& r) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s)
      h = (h ^ c) * 1099511628211ull;
  };
  mix(r.source);
  h = (h ^ 0) * 1099511628211ull;
  mix(r.id);
  return static_cast<int64_t>(h);
}

int BindRow(sqlite3_stmt* s, int first, const core::Report& r, const core::ContentDigest& d,
            int64_t ingested_at_us, bool with_hash) {
  int i = first;
  auto text = [&](std::string_view v) {
    sqlite3_bind_text(s, i++, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  };
  auto null = [&] { sqlite3_bind_null(s, i++); };
  unsigned char digest[16];
  for (int k = 0; k < 8; ++k) {
    digest[k] = static_cast<unsigned char>(d.hi >> (56 - 8 * k));
    digest[8 + k] = static_cast<unsigned char>(d.lo >> (56 - 8 * k));
  }
  text(r.source);
  text(r.id);
  text(core::SourceKindName(r.source_kind));
  sqlite3_bind_int64(s, i++, core::ToUnixMicros(r.observed_at));
  sqlite3_bind_double(s, i++, r.time_uncertainty_s);
  sqlite3_bind_double(s, i++, r.lat);
  sqlite3_bind_double(s, i++, r.lon);
  sqlite3_bind_double(s, i++, r.position_uncertainty_m);
  text(core::ReportKindName(r.kind));
  sqlite3_bind_int64(s, i++, r.count);
  if (r.weapon_class)
    text(core::WeaponClassName(*r.weapon_class));
  else
    null();
  if (r.target_category)
    text(core::TargetCategoryName(*r.target_category));
  else
    null();
  if (r.bearing_deg)
    sqlite3_bind_double(s, i++, *r.bearing_deg);
  else
    null();
  if (!r.text.empty())
    text(r.text);
  else
    null();
  sqlite3_bind_int64(s, i++, ingested_at_us);
  sqlite3_bind_blob(s, i++, digest, sizeof digest, SQLITE_TRANSIENT);
  if (with_hash) sqlite3_bind_int64(s, i++, KeyHash(r));
  return i;
}

std::string InsertSql(const RawVariant& v, int rows) {
  const bool hash = v.indexes == Indexes::kHashAndTime;
  const int columns = hash ? 17 : 16;
  std::string sql = fmt::format(
      "INSERT INTO reports (source, id, source_kind, observed_at_us, time_uncertainty_s, lat, "
      "lon, position_uncertainty_m, kind, count, weapon_class, target_category, bearing_deg, "
      "text, ingested_at_us, content_digest{}) VALUES ",
      hash ? ", key_hash" : "");
  for (int r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ",(";
    for (int c = 0; c < columns; ++c)
      sql += c == 0 ? "?" : ",?";
    sql += ")";
  }
  if (v.on_conflict)
    sql += hash ? " ON CONFLICT (key_hash) DO NOTHING" : " ON CONFLICT (source, id) DO NOTHING";
  return sql;
}

bool Exec(sqlite3* db, const std::string& sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

void BM_SqliteRaw(benchmark::State& state, RawVariant v) {
  const Inputs& in = *g_inputs;
  const std::string path = in.dir + "/raw.db";
  const int64_t now_us = core::ToUnixMicros(kNow);
  const auto per_stmt = static_cast<size_t>(v.rows_per_statement);
  const bool hash = v.indexes == Indexes::kHashAndTime;
  uint64_t rows = 0;
  for (auto _ : state) {
    state.PauseTiming();
    RemoveDb(path);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    // As the Store's connection (sqlite_store.cpp), with the variant's changes.
    std::string setup = fmt::format(
        "PRAGMA page_size = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = {}; "
        "PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = {}; PRAGMA cache_size = {};",
        v.page_size, v.full_sync ? "FULL" : "OFF", v.checkpoint_at_end ? 0 : 1000,
        -1024 * v.cache_mb);
    setup += RawTable(hash);
    if (v.indexes == Indexes::kKey || v.indexes == Indexes::kBoth) setup += kRawKeyIndex;
    if (v.indexes == Indexes::kBoth || v.indexes == Indexes::kTime) setup += kRawTimeIndex;
    if (hash) {
      setup += "CREATE UNIQUE INDEX reports_by_key_hash ON reports (key_hash);";
      setup += kRawTimeIndex;
    }
    bool ok = Exec(db, setup);
    sqlite3_stmt* one = nullptr;
    sqlite3_stmt* many = nullptr;
    ok = ok && sqlite3_prepare_v2(db, InsertSql(v, 1).c_str(), -1, &one, nullptr) == SQLITE_OK;
    ok = ok && sqlite3_prepare_v2(db, InsertSql(v, v.rows_per_statement).c_str(), -1, &many,
                                  nullptr) == SQLITE_OK;
    if (!ok) {
      state.SkipWithError(sqlite3_errmsg(db));
      sqlite3_close(db);
      return;
    }
    rows = 0;
    std::vector<size_t> order(in.reports.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    state.ResumeTiming();
    for (size_t begin = 0; begin < in.reports.size() && ok; begin += kRawBatch) {
      size_t end = std::min(in.reports.size(), begin + kRawBatch);
      if (v.sort_batch_by_time) {
        std::stable_sort(order.begin() + static_cast<ptrdiff_t>(begin),
                         order.begin() + static_cast<ptrdiff_t>(end), [&](size_t a, size_t b) {
                           return in.reports[a].observed_at < in.reports[b].observed_at;
                         });
      }
      ok = Exec(db, "BEGIN IMMEDIATE");
      for (size_t i = begin; i < end && ok;) {
        sqlite3_stmt* stmt = per_stmt > 1 && end - i >= per_stmt ? many : one;
        size_t n = stmt == many ? per_stmt : 1;
        for (int col = 1; n-- > 0; ++i) {
          col = BindRow(stmt, col, in.reports[order[i]], in.digests[order[i]], now_us, hash);
        }
        int rc = sqlite3_step(stmt);
        sqlite3_reset(stmt);
        // A plain single-row INSERT refused by the UNIQUE key is a repeated key: skip it.
        ok = rc == SQLITE_DONE || (rc == SQLITE_CONSTRAINT && !v.on_conflict && stmt == one);
        if (rc == SQLITE_DONE) rows += static_cast<uint64_t>(sqlite3_changes(db));
      }
      ok = ok && Exec(db, "COMMIT");
    }
    if (ok && v.indexes == Indexes::kBothAfterLoad) {
      // Not UNIQUE: without the key index the load kept repeated keys.
      ok = Exec(db,
                "BEGIN IMMEDIATE; CREATE INDEX reports_by_time ON reports (observed_at_us); "
                "CREATE INDEX reports_by_key ON reports (source, id); COMMIT");
    }
    if (ok && v.checkpoint_at_end) ok = Exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    state.PauseTiming();
    if (!ok) state.SkipWithError(sqlite3_errmsg(db));
    sqlite3_finalize(one);
    sqlite3_finalize(many);
    sqlite3_close(db);
    if (!ok) return;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.count));
  state.counters["rows"] = static_cast<double>(rows);
}

// A ladder from the bare table to what the Store does, then single changes.
const RawVariant kTableOnlyNoSync{
    .indexes = Indexes::kNone, .on_conflict = false, .full_sync = false};
const RawVariant kKeyIndexNoSync{
    .indexes = Indexes::kKey, .on_conflict = false, .full_sync = false};
const RawVariant kTimeIndexNoSync{
    .indexes = Indexes::kTime, .on_conflict = false, .full_sync = false};
const RawVariant kBothIndexesNoSync{
    .indexes = Indexes::kBoth, .on_conflict = false, .full_sync = false};
const RawVariant kOnConflictNoSync{.full_sync = false};
const RawVariant kAsStore{};  // both indexes, ON CONFLICT, synchronous=FULL
const RawVariant kAsStoreCheckpointAtEnd{.checkpoint_at_end = true};
const RawVariant kAsStorePage16k{.page_size = 16384};
const RawVariant kAsStore16RowsPerInsert{.rows_per_statement = 16};
const RawVariant kAsStorePage64k{.page_size = 65536};
const RawVariant kAsStoreCache256MB{.cache_mb = 256};
const RawVariant kAsStoreBatchSortedByTime{.sort_batch_by_time = true};
const RawVariant kHashKeyInsteadOfSourceId{.indexes = Indexes::kHashAndTime};
const RawVariant kHashKeyPage64k{.indexes = Indexes::kHashAndTime, .page_size = 65536};
const RawVariant kTableOnlySync{.indexes = Indexes::kNone, .on_conflict = false};
const RawVariant kIndexesAfterLoadSync{.indexes = Indexes::kBothAfterLoad, .on_conflict = false};

#define TRUCELINE_RAW(name) \
  BENCHMARK_CAPTURE(BM_SqliteRaw, name, k##name)->Unit(benchmark::kMillisecond)->UseRealTime()
TRUCELINE_RAW(TableOnlyNoSync);
TRUCELINE_RAW(KeyIndexNoSync);
TRUCELINE_RAW(TimeIndexNoSync);
TRUCELINE_RAW(BothIndexesNoSync);
TRUCELINE_RAW(OnConflictNoSync);
TRUCELINE_RAW(AsStore);
TRUCELINE_RAW(AsStoreCheckpointAtEnd);
TRUCELINE_RAW(AsStorePage16k);
TRUCELINE_RAW(AsStore16RowsPerInsert);
TRUCELINE_RAW(AsStorePage64k);
TRUCELINE_RAW(AsStoreCache256MB);
TRUCELINE_RAW(AsStoreBatchSortedByTime);
TRUCELINE_RAW(HashKeyInsteadOfSourceId);
TRUCELINE_RAW(HashKeyPage64k);
TRUCELINE_RAW(TableOnlySync);
TRUCELINE_RAW(IndexesAfterLoadSync);
#undef TRUCELINE_RAW

// --- The whole pipeline -----------------------------------------------------

class CountingObserver final : public app::IngestObserver {
 public:
  void OnRejection(const ingest::Rejection&, const ingest::ReportBatch&) override { ++rejected; }
  void OnBatchCommitted(const app::IngestSummary&) override { ++commits; }
  uint64_t rejected = 0, commits = 0;
};

void BM_ServiceIngest(benchmark::State& state) {
  const Inputs& in = *g_inputs;
  const auto batch_records = static_cast<size_t>(state.range(0));
  const std::string path = in.dir + "/service.db";
  core::FixedClock clock(kNow);
  app::IngestSummary summary;
  for (auto _ : state) {
    state.PauseTiming();
    RemoveDb(path);
    state.ResumeTiming();
    auto store = app::OpenStore(path);
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    app::Service service(**store, clock);
    CountingObserver observer;
    auto ingested = service.Ingest(
        {in.ndjson_path}, app::IngestOptions{ingest::Format::kNdjson, batch_records}, observer);
    if (!ingested.ok()) {
      state.SkipWithError(ingested.status().ToString().c_str());
      return;
    }
    summary = *ingested;
    store->reset();  // includes the final WAL checkpoint, as the CLI does
  }
  if (summary.accepted + summary.duplicates != in.count || summary.rejected != 0) {
    state.SkipWithError("ingest counts do not add up");
    return;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.ndjson_bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.count));
  state.counters["accepted"] = static_cast<double>(summary.accepted);
  state.counters["duplicates"] = static_cast<double>(summary.duplicates);
}
BENCHMARK(BM_ServiceIngest)
    ->ArgName("batch")
    ->Arg(50'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace truceline::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Inputs are built before any timing starts (a lazy build would land in
  // the first benchmark's first, possibly only, measured run).
  truceline::bench::Inputs inputs;
  truceline::bench::BuildInputs(inputs);
  truceline::bench::g_inputs = &inputs;
  benchmark::AddCustomContext("reports", std::to_string(inputs.count));
  benchmark::AddCustomContext("seed", std::to_string(truceline::bench::kSeed));
  benchmark::AddCustomContext("ndjson_bytes", std::to_string(inputs.ndjson_bytes));
  benchmark::AddCustomContext("csv_bytes", std::to_string(inputs.csv_bytes));
  benchmark::AddCustomContext("geojson_bytes", std::to_string(inputs.geojson_bytes));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::error_code ignored;
  std::filesystem::remove_all(inputs.dir, ignored);
  return 0;
}
