#pragma once
// RegistryStore: the backend-neutral interface to the stored coalition
// registry (src/registry). Backends implement it and pass the conformance
// suite in tests/store/registry_store_conformance_test.cpp.
//
// The stored registry only grows: facts are appended, never updated or
// deleted, so every earlier position stays and "what was the picture on
// date D?" can always be answered (registry::PictureAsOf).
//
// Thread safety: an object is used from one thread at a time. Several
// processes may open the same store; writes are serialised by the backend.

#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"
#include "registry/registry.hpp"

namespace truceline::store {

// One entry of the registry's change log: who wrote what, when. The audit
// trail (AccountStore's audit log) records the same writes in its hash
// chain; this log stays for the registry's own history.
struct RegistryChange {
  core::UtcMicros at{};
  std::string actor;
  std::string role;
  std::string action;   // "import", "add"
  std::string summary;  // what was written, e.g. "1 position (tr-force-april)"
};

class RegistryStore {
 public:
  virtual ~RegistryStore() = default;

  // Appends every fact listed in `facts` (sources, nations, scopes,
  // positions, pledges, meetings, statements, aid packages, deliveries,
  // conflicts, pledge updates; empty lists are fine) and `change`,
  // atomically and durably. A pledge update is stored as a fact of its own;
  // the pledge it names is not rewritten.
  // The first append names the stored registry (`facts.id`, title, notes);
  // later ones leave `facts.id` empty or equal to it. `facts.as_of` raises
  // the stored record's date, never lowers it.
  // Errors: kAlreadyExists when a fact's id (a nation's code, a source's id;
  // for a pledge update, its pledge and status) is already stored, or `facts.id` names another
  // registry; kInvalidArgument when nothing is stored yet and `facts.id` is empty;
  // kStorageError/kIoError. On any error nothing is written. Precondition: the stored registry plus
  // `facts` passes registry::CheckRegistry.
  virtual core::Status AppendRegistry(const registry::Registry& facts,
                                      const RegistryChange& change) = 0;

  // Everything stored, in append order, with citations' report dates filled
  // and the pledge updates folded into their pledges' histories in the order
  // stored (registry::FoldPledgeUpdates), so `pledge_updates` is empty.
  // Errors: kNotFound when no registry has been stored; kStorageError when
  // the stored facts do not read back as a valid registry.
  virtual core::Result<registry::Registry> LoadRegistry() = 0;

  // The change log, oldest first.
  virtual core::Result<std::vector<RegistryChange>> RegistryChanges() = 0;
};

}  // namespace truceline::store
