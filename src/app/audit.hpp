#pragma once
// The audit trail: an append-only, hash-chained log of every state change
// (accounts, tokens, sessions, agreements, reviews, registry writes,
// ingests). Each entry's hash covers its fields and the previous entry's
// hash, so editing, deleting, inserting or reordering an entry breaks the
// chain, and a separate head row (the last seq and hash, written with every
// append) catches a truncated tail. It detects tampering by anyone who
// cannot recompute the whole chain and the head consistently; keeping the
// head hash printed by `truceline audit verify` elsewhere closes that gap.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "app/actor.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "store/account_store.hpp"

namespace truceline::app {

// seq, at, actor, role, action, target, detail (JSON object text),
// prev_hash and hash (hex BLAKE2b-256).
using AuditEntry = store::AuditEntry;

// The hash of an entry: hex BLAKE2b-256 over the domain tag
// "truceline-audit-v1" followed by seq and at (micros since the Unix epoch)
// as 8-byte big-endian integers, then actor, role, action, target, detail
// and prev_hash, each as an 8-byte big-endian length and its bytes.
// `entry.hash` is ignored. Thread-safe.
std::string AuditHash(const AuditEntry& entry);

// The store-side append of an entry made now by `actor`: what AccountStore
// writes in the transaction of a change. `detail_json` must be a JSON
// object's text (empty: "{}"); it is not checked here.
store::AuditAppend MakeAuditAppend(const core::Clock& clock, const Actor& actor,
                                   std::string_view action, std::string_view target,
                                   std::string_view detail_json);

// Appends to, verifies and reads the audit log of an AccountStore. Holds
// references only; thread safety as the store's (one thread at a time).
class AuditTrail {
 public:
  AuditTrail(store::AccountStore& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  // Appends an entry durably, in one write transaction that reads the last
  // hash and inserts (so concurrent processes keep one chain), and returns
  // it as stored. Errors: kInvalidArgument when `action` is empty or
  // `detail_json` is not a JSON object's text (empty means "{}");
  // kStorageError/kIoError.
  core::Result<AuditEntry> Append(const Actor& actor, std::string_view action,
                                  std::string_view target, std::string_view detail_json);

  struct Verification {
    bool ok = true;
    uint64_t entries = 0;        // entries read
    uint64_t first_bad_seq = 0;  // 0 when ok
    std::string reason;          // empty when ok
    std::string head_hash;       // the last entry's hash (empty for an empty log)
  };

  // Recomputes the whole chain, stopping at the first problem: a hash that
  // does not match the entry (an edited field), a seq that is not the
  // previous one plus one (a deleted or inserted entry), a prev_hash that
  // is not the previous entry's hash (a reordered or inserted entry), a
  // first entry whose prev_hash is not 64 zeros, or a head row that
  // disagrees with the last entry (a truncated tail: first_bad_seq is then
  // the first missing seq). A broken chain is a Verification with ok false,
  // not an error. Errors: kStorageError/kIoError.
  core::Result<Verification> Verify();

  // Calls `visit` with the entries after `after_seq`, in order, at most
  // `limit` (0: all), until it returns false. Errors: kStorageError/kIoError.
  core::Status Scan(uint64_t after_seq, uint64_t limit,
                    const std::function<bool(const AuditEntry&)>& visit);

 private:
  store::AccountStore& store_;
  const core::Clock& clock_;
};

// An entry as one compact JSON object (the members of AuditEntry, `at` in
// RFC 3339, `detail` as a nested object), as `truceline audit list` prints.
std::string AuditEntryJson(const AuditEntry& entry);

}  // namespace truceline::app
