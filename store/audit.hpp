// The audit log: an append-only, hash-chained record of who did what to which question.
//
// Contract:
//  * Each row's hash covers the previous row's hash and the row's fields: plain SHA-256 for
//    the rows written before the chain was keyed, HMAC-SHA-256 under keys/audit.key after.
//  * Rows never hold text removed by a redaction (AuditEntry::detail).
//  * Environment failures throw store::Error; nothing else is thrown.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"

#include "store/types.hpp"

namespace radfraga::store {

// The result of checking the audit log's hash chain (Audit::check_audit_chain).
struct AuditCheck {
    std::int64_t rows = 0;
    // The first row of the keyed (HMAC-SHA-256) part; rows before it are chained with plain
    // SHA-256, as written before the chain was keyed. nullopt: the chain is not keyed yet.
    std::optional<std::int64_t> keyed_from;
    std::optional<std::int64_t> first_broken;  // nullopt: the whole chain holds
    std::string reason;                        // why first_broken is broken, in English
};

struct AuditEntry {
    std::string actor_kind;  // expert | asker | system | operator
    std::optional<std::int64_t> actor_id;
    std::optional<QuestionId> question;
    std::string action;
    std::string detail;  // never text removed by a redaction
};

// Reached as Store::audit().
class Audit {
  public:
    void append_audit(const AuditEntry& e);
    // Recomputes the hash chain with this store's audit key. Returns the id of the first row
    // that does not match, or nullopt if the whole chain is intact.
    std::optional<std::int64_t> verify_audit_chain() const;
    // Recomputes the hash chain: plain SHA-256 up to the keyed part, HMAC-SHA-256 under
    // `key` from its first row on (which must be the 'audit_chain_keyed' row). Without a
    // key a keyed part counts as broken at its first row, since it cannot be checked.
    AuditCheck check_audit_chain(const std::optional<std::vector<unsigned char>>& key) const;

    Audit(const Audit&) = delete;
    Audit& operator=(const Audit&) = delete;

  private:
    friend class Store;
    explicit Audit(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
