// The hash-chained audit log (store/audit.hpp).
#include "store/audit.hpp"

#include "core/crypto.hpp"
#include "store/src/store_impl.hpp"

namespace radfraga::store {

namespace {

class Sha256 {
  public:
    void add(std::string_view s) {
        const std::uint64_t n = s.size();
        for (int i = 0; i < 8; ++i) buf_.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
        buf_.append(s);
    }
    void add(std::int64_t v) { add(std::string_view(std::to_string(v))); }
    std::vector<unsigned char> finish_hmac(std::span<const unsigned char> key) const {
        return hmac_sha256(key, buf_);
    }
    std::vector<unsigned char> finish() const { return sha256(buf_); }

  private:
    std::string buf_;
};

}  // namespace

std::optional<std::int64_t> detail::StoreImpl::audit_keyed_from(Connection& c) const {
    Statement st(c, "SELECT value FROM settings WHERE key = 'audit_keyed_from'");
    if (!st.step()) return std::nullopt;
    try {
        return std::stoll(st.text(0));
    } catch (const std::exception&) {
        return 0;  // not a row id: verification reports the chain broken
    }
}

namespace {

constexpr std::string_view kAuditKeyedAction = "audit_chain_keyed";

// One audit row's link: SHA-256 (before the chain was keyed) or HMAC-SHA-256 under `key`
// of the previous link and the row's fields.
std::vector<unsigned char> audit_link(const std::vector<unsigned char>* key,
                                      std::span<const unsigned char> prev, std::int64_t at,
                                      std::string_view actor_kind, std::int64_t actor_id,
                                      std::int64_t question, std::string_view action,
                                      std::string_view detail) {
    Sha256 h;
    h.add(std::string_view(reinterpret_cast<const char*>(prev.data()), prev.size()));
    h.add(at);
    h.add(actor_kind);
    h.add(actor_id);
    h.add(question);
    h.add(action);
    h.add(detail);
    return key ? h.finish_hmac(*key) : h.finish();
}

}  // namespace

void detail::StoreImpl::append_audit(const AuditEntry& e) {
    const auto keyed_from = audit_keyed_from(writer);
    if (keyed_from && !audit_key)
        throw Error(
            "the audit log is keyed with keys/audit.key, and this command was not given the key");
    if (audit_key && !keyed_from) start_keyed_audit_chain();
    std::vector<unsigned char> prev(32, 0);
    {
        Statement st(writer, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
        if (st.step()) prev = st.blob(0);
    }
    const UnixSeconds at = clock.now();
    const auto hash = audit_link(audit_key ? &*audit_key : nullptr, prev, at, e.actor_kind,
                                 e.actor_id.value_or(-1), e.question ? e.question->value : -1,
                                 e.action, e.detail);
    Statement ins(writer,
                  "INSERT INTO audit_log (at, actor_kind, actor_id, question_id, action, detail, "
                  "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, at).bind(2, e.actor_kind).bind(3, e.actor_id);
    if (e.question)
        ins.bind(4, e.question->value);
    else
        ins.bind_null(4);
    ins.bind(5, e.action).bind(6, e.detail).bind_blob(7, prev).bind_blob(8, hash).run();
}

void detail::StoreImpl::start_keyed_audit_chain() {
    std::vector<unsigned char> prev(32, 0);
    {
        Statement st(writer, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
        if (st.step()) prev = st.blob(0);
    }
    const UnixSeconds at = clock.now();
    const auto hash = audit_link(&*audit_key, prev, at, "system", -1, -1, kAuditKeyedAction, "");
    writer
        .prepare(
            "INSERT INTO audit_log (at, actor_kind, actor_id, question_id, action, detail, "
            "prev_hash, hash) "
            "VALUES (?, 'system', NULL, NULL, ?, '', ?, ?)")
        .bind(1, at)
        .bind(2, kAuditKeyedAction)
        .bind_blob(3, prev)
        .bind_blob(4, hash)
        .run();
    writer.prepare("INSERT INTO settings (key, value) VALUES ('audit_keyed_from', ?)")
        .bind(1, std::to_string(writer.last_insert_rowid()))
        .run();
}

void Audit::append_audit(const AuditEntry& e) {
    std::lock_guard lock(impl_->write_mu);
    Transaction tx(impl_->writer);
    impl_->append_audit(e);
    tx.commit();
}

std::optional<std::int64_t> Audit::verify_audit_chain() const {
    return check_audit_chain(impl_->audit_key).first_broken;
}

AuditCheck Audit::check_audit_chain(const std::optional<std::vector<unsigned char>>& key) const {
    Impl::Reader r(*impl_);
    AuditCheck out;
    out.keyed_from = impl_->audit_keyed_from(*r);
    Statement st(
        *r,
        "SELECT id, at, actor_kind, actor_id, question_id, action, detail, prev_hash, hash "
        "FROM audit_log ORDER BY id");
    std::vector<unsigned char> prev(32, 0);
    bool keyed = false;
    while (st.step()) {
        ++out.rows;
        const std::int64_t id = st.int64("id");
        const auto fail = [&](std::string reason) {
            out.first_broken = id;
            out.reason = std::move(reason);
        };
        if (out.keyed_from && id >= *out.keyed_from && !keyed) {
            keyed = true;
            if (id != *out.keyed_from || st.text("action") != kAuditKeyedAction) {
                fail("the keyed part of the chain does not start with its 'audit_chain_keyed' row");
                break;
            }
            if (!key) {
                fail("the chain is keyed from here on and no audit key was given");
                break;
            }
        }
        const auto stored_prev = st.blob("prev_hash");
        const auto hash = audit_link(keyed ? &*key : nullptr, prev, st.int64("at"),
                                     st.text("actor_kind"), st.opt_int64("actor_id").value_or(-1),
                                     st.opt_int64("question_id").value_or(-1), st.text("action"),
                                     st.text("detail"));
        if (stored_prev != prev || st.blob("hash") != hash) {
            fail(keyed ? "the row does not match its HMAC-SHA-256 link"
                       : "the row does not match its SHA-256 link");
            break;
        }
        prev = hash;
    }
    if (!out.first_broken && out.keyed_from && !keyed) {
        out.first_broken = *out.keyed_from;
        out.reason = "the keyed part of the chain is missing";
    }
    return out;
}
}  // namespace radfraga::store
