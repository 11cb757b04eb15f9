#include "app/audit.hpp"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

namespace truceline::app {
namespace {

constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";
constexpr std::string_view kDomainTag = "truceline-audit-v1";

void UpdateU64(crypto_generichash_state& state, uint64_t value) {
  std::array<unsigned char, 8> bytes{};
  for (int i = 7; i >= 0; --i) {
    bytes[static_cast<size_t>(i)] = static_cast<unsigned char>(value & 0xff);
    value >>= 8;
  }
  crypto_generichash_update(&state, bytes.data(), bytes.size());
}

void UpdateField(crypto_generichash_state& state, std::string_view field) {
  UpdateU64(state, field.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(field.data()),
                            field.size());
}

bool IsJsonObjectText(std::string_view text) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  return !parsed.is_discarded() && parsed.is_object();
}

}  // namespace

std::string AuditHash(const AuditEntry& entry) {
  crypto_generichash_state state;
  std::array<unsigned char, 32> digest{};
  crypto_generichash_init(&state, nullptr, 0, digest.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kDomainTag.data()),
                            kDomainTag.size());
  UpdateU64(state, entry.seq);
  UpdateU64(state, static_cast<uint64_t>(core::ToUnixMicros(entry.at)));
  for (std::string_view field :
       {std::string_view(entry.actor), std::string_view(entry.role), std::string_view(entry.action),
        std::string_view(entry.target), std::string_view(entry.detail),
        std::string_view(entry.prev_hash)}) {
    UpdateField(state, field);
  }
  crypto_generichash_final(&state, digest.data(), digest.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

store::AuditAppend MakeAuditAppend(const core::Clock& clock, const Actor& actor,
                                   std::string_view action, std::string_view target,
                                   std::string_view detail_json) {
  store::AuditAppend append;
  append.entry.at = clock.Now();
  append.entry.actor = actor.name;
  append.entry.role = std::string(RoleName(actor.role));
  append.entry.action = std::string(action);
  append.entry.target = std::string(target);
  append.entry.detail = detail_json.empty() ? "{}" : std::string(detail_json);
  append.seal = &AuditHash;
  return append;
}

core::Result<AuditEntry> AuditTrail::Append(const Actor& actor, std::string_view action,
                                            std::string_view target, std::string_view detail_json) {
  if (action.empty()) {
    return core::Status(core::ErrorCode::kInvalidArgument, "an audit entry needs an action");
  }
  if (!detail_json.empty() && !IsJsonObjectText(detail_json)) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        fmt::format("audit entry '{}': the detail is not a JSON object", action));
  }
  return store_.AppendAudit(MakeAuditAppend(clock_, actor, action, target, detail_json));
}

core::Result<AuditTrail::Verification> AuditTrail::Verify() {
  Verification v;
  uint64_t last_seq = 0;
  std::string last_hash(kGenesisHash);
  auto fail = [&v](uint64_t seq, std::string reason) {
    v.ok = false;
    v.first_bad_seq = seq;
    v.reason = std::move(reason);
    return false;
  };
  core::Status scanned = store_.ScanAudit(0, 0, [&](const AuditEntry& e) {
    ++v.entries;
    if (e.seq != last_seq + 1) {
      return fail(last_seq + 1,
                  e.seq > last_seq + 1
                      ? fmt::format("entries {} to {} are missing", last_seq + 1, e.seq - 1)
                      : fmt::format("entry {} is out of sequence", e.seq));
    }
    if (e.prev_hash != last_hash) {
      return fail(e.seq, fmt::format("entry {} does not follow entry {}: its prev_hash is not "
                                     "that entry's hash (an entry was removed, inserted or moved)",
                                     e.seq, last_seq));
    }
    if (AuditHash(e) != e.hash) {
      return fail(e.seq,
                  fmt::format("entry {} was altered: its hash does not match its fields", e.seq));
    }
    last_seq = e.seq;
    last_hash = e.hash;
    return true;
  });
  TRUCELINE_RETURN_IF_ERROR(scanned);
  if (!v.ok) return v;
  auto head = store_.ReadAuditHead();
  if (!head.ok()) return head.status();
  if (head->seq == 0 && last_seq != 0) {
    fail(1, "the audit head row is missing");
  } else if (head->seq > last_seq) {
    fail(last_seq + 1, fmt::format("entries {} to {} are missing (the head records {} entries)",
                                   last_seq + 1, head->seq, head->seq));
  } else if (head->seq < last_seq) {
    fail(head->seq + 1, fmt::format("entries after {} were added behind the head", head->seq));
  } else if (last_seq != 0 && head->hash != last_hash) {
    fail(last_seq, fmt::format("entry {} is not the entry the head records", last_seq));
  }
  if (v.ok && last_seq != 0) v.head_hash = last_hash;
  return v;
}

core::Status AuditTrail::Scan(uint64_t after_seq, uint64_t limit,
                              const std::function<bool(const AuditEntry&)>& visit) {
  return store_.ScanAudit(after_seq, limit, visit);
}

std::string AuditEntryJson(const AuditEntry& entry) {
  nlohmann::ordered_json detail = nlohmann::ordered_json::parse(entry.detail, nullptr, false);
  if (detail.is_discarded()) detail = entry.detail;
  nlohmann::ordered_json j{{"seq", entry.seq},       {"at", core::FormatRfc3339(entry.at)},
                           {"actor", entry.actor},   {"role", entry.role},
                           {"action", entry.action}, {"target", entry.target},
                           {"detail", detail},       {"prev_hash", entry.prev_hash},
                           {"hash", entry.hash}};
  return j.dump();
}

}  // namespace truceline::app
