// Expert accounts, sessions and enrolment links (store/accounts.hpp).
#include "store/accounts.hpp"

#include "core/crypto.hpp"
#include "store/src/store_impl.hpp"

namespace radfraga::store {

const char* to_string(Role r) {
    return r == Role::admin ? "admin" : "expert";
}

std::optional<Role> role_from_string(std::string_view s) {
    if (s == "admin") return Role::admin;
    if (s == "expert") return Role::expert;
    return std::nullopt;
}

namespace {

constexpr const char* kAuthColumns =
    "SELECT id, username, display_name, role, disabled, password_hash, totp_secret_ct, "
    "totp_last_step "
    "FROM experts ";

ExpertAuth read_auth(const Statement& st) {
    ExpertAuth a;
    a.id = ExpertId{st.int64("id")};
    a.username = st.text("username");
    a.display_name = st.text("display_name");
    a.role = role_from_string(st.text("role")).value_or(Role::expert);
    a.disabled = st.int64("disabled") != 0;
    a.password_hash = st.text("password_hash");
    a.totp_secret_ct = st.blob("totp_secret_ct");
    a.totp_last_step = st.int64("totp_last_step");
    return a;
}

}  // namespace

std::optional<ExpertAuth> Accounts::expert_auth(std::string_view username) const {
    Impl::Reader r(*impl_);
    Statement st(*r, std::string(kAuthColumns) + "WHERE username = ?");
    st.bind(1, username);
    if (!st.step()) return std::nullopt;
    return read_auth(st);
}

std::optional<ExpertAuth> Accounts::expert_auth(ExpertId id) const {
    Impl::Reader r(*impl_);
    Statement st(*r, std::string(kAuthColumns) + "WHERE id = ?");
    st.bind(1, id.value);
    if (!st.step()) return std::nullopt;
    return read_auth(st);
}

void Accounts::record_login_success(ExpertId id) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    // Only the password: the login is complete at 'second_factor_ok', audited by the server.
    impl_->append_audit({"expert", id.value, std::nullopt, "password_ok", ""});
    tx.commit();
}

void Accounts::set_totp_secret(ExpertId id, const std::vector<unsigned char>& secret_ct,
                               std::int64_t step) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    db.prepare("UPDATE experts SET totp_secret_ct = ?, totp_last_step = ? WHERE id = ?")
        .bind_blob(1, secret_ct)
        .bind(2, step)
        .bind(3, id.value)
        .run();
    impl_->append_audit({"expert", id.value, std::nullopt, "totp_enrolled", ""});
    tx.commit();
}

bool Accounts::use_totp_step(ExpertId id, std::int64_t step) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    db.prepare("UPDATE experts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?")
        .bind(1, step)
        .bind(2, id.value)
        .bind(3, step)
        .run();
    return db.changes() == 1;
}

void Accounts::create_session(const std::vector<unsigned char>& token_hash, ExpertId id,
                              bool second_factor) {
    std::lock_guard lock(impl_->write_mu);
    const UnixSeconds now = impl_->clock.now();
    impl_->writer
        .prepare(
            "INSERT INTO sessions (token_hash, expert_id, csrf_hash, created_at, last_seen_at, "
            "second_factor) "
            "VALUES (?, ?, x'', ?, ?, ?)")
        .bind_blob(1, token_hash)
        .bind(2, id.value)
        .bind(3, now)
        .bind(4, now)
        .bind(5, second_factor ? 1 : 0)
        .run();
}

std::optional<SessionInfo> Accounts::session(const std::vector<unsigned char>& token_hash,
                                             std::int64_t idle_seconds,
                                             std::int64_t lifetime_seconds) {
    const UnixSeconds now = impl_->clock.now();
    SessionInfo info;
    UnixSeconds last_seen = 0;
    {
        Impl::Reader r(*impl_);
        Statement st(*r,
                     "SELECT s.expert_id, e.username, e.display_name, e.role, s.second_factor, "
                     "e.totp_secret_ct IS NOT NULL AS totp_enrolled, s.created_at, s.last_seen_at, "
                     "e.disabled "
                     "FROM sessions s JOIN experts e ON e.id = s.expert_id WHERE s.token_hash = ?");
        st.bind_blob(1, token_hash);
        if (!st.step()) return std::nullopt;
        if (st.int64("disabled") != 0) return std::nullopt;
        info.expert = ExpertId{st.int64("expert_id")};
        info.username = st.text("username");
        info.display_name = st.text("display_name");
        info.role = role_from_string(st.text("role")).value_or(Role::expert);
        info.second_factor = st.int64("second_factor") != 0;
        info.totp_enrolled = st.int64("totp_enrolled") != 0;
        info.created_at = st.int64("created_at");
        last_seen = st.int64("last_seen_at");
    }
    if (now - last_seen > idle_seconds || now - info.created_at >= lifetime_seconds) {
        delete_session(token_hash);
        return std::nullopt;
    }
    // Touch at most once a minute: a write per request would serialise every page.
    if (now - last_seen >= 60) {
        std::lock_guard lock(impl_->write_mu);
        impl_->writer.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(1, now)
            .bind_blob(2, token_hash)
            .run();
    }
    return info;
}

void Accounts::set_session_second_factor(const std::vector<unsigned char>& token_hash) {
    std::lock_guard lock(impl_->write_mu);
    impl_->writer.prepare("UPDATE sessions SET second_factor = 1 WHERE token_hash = ?")
        .bind_blob(1, token_hash)
        .run();
}

void Accounts::delete_session(const std::vector<unsigned char>& token_hash) {
    std::lock_guard lock(impl_->write_mu);
    impl_->writer.prepare("DELETE FROM sessions WHERE token_hash = ?")
        .bind_blob(1, token_hash)
        .run();
}

void Accounts::delete_expired_sessions(std::int64_t idle_seconds, std::int64_t lifetime_seconds) {
    std::lock_guard lock(impl_->write_mu);
    const UnixSeconds now = impl_->clock.now();
    impl_->writer.prepare("DELETE FROM sessions WHERE last_seen_at < ? OR created_at <= ?")
        .bind(1, now - idle_seconds)
        .bind(2, now - lifetime_seconds)
        .run();
    impl_->writer.prepare("DELETE FROM enrolment_tokens WHERE expires_at <= ?").bind(1, now).run();
}

namespace {

// SessionEntry::id: the first 16 bytes of SHA-256 over the token hash, in hex.
std::string session_entry_id(std::span<const unsigned char> token_hash) {
    const auto h = sha256(
        std::string_view(reinterpret_cast<const char*>(token_hash.data()), token_hash.size()));
    return hex_encode(std::span<const unsigned char>(h.data(), 16));
}

}  // namespace

std::vector<SessionEntry> Accounts::sessions_of(ExpertId id,
                                                const std::vector<unsigned char>& current) const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT token_hash, created_at, last_seen_at, second_factor FROM sessions "
                 "WHERE expert_id = ? ORDER BY created_at DESC, last_seen_at DESC");
    st.bind(1, id.value);
    std::vector<SessionEntry> out;
    while (st.step()) {
        const auto hash = st.blob("token_hash");
        out.push_back({session_entry_id(hash), st.int64("created_at"), st.int64("last_seen_at"),
                       st.int64("second_factor") != 0, hash == current});
    }
    return out;
}

bool Accounts::revoke_session(ExpertId id, std::string_view session_id) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement st(db, "SELECT token_hash FROM sessions WHERE expert_id = ?");
    st.bind(1, id.value);
    std::optional<std::vector<unsigned char>> found;
    while (st.step()) {
        const auto hash = st.blob(0);
        if (session_entry_id(hash) == session_id) found = hash;
    }
    if (!found) return false;
    db.prepare("DELETE FROM sessions WHERE token_hash = ?").bind_blob(1, *found).run();
    impl_->append_audit({"expert", id.value, std::nullopt, "session_revoked", ""});
    tx.commit();
    return true;
}

std::int64_t Accounts::revoke_other_sessions(ExpertId id, const std::vector<unsigned char>& keep) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    db.prepare("DELETE FROM sessions WHERE expert_id = ? AND token_hash <> ?")
        .bind(1, id.value)
        .bind_blob(2, keep)
        .run();
    const auto n = static_cast<std::int64_t>(db.changes());
    if (n > 0)
        impl_->append_audit({"expert", id.value, std::nullopt, "other_sessions_revoked",
                             "sessions=" + std::to_string(n)});
    tx.commit();
    return n;
}

// ---- Enrolment links and password changes ------------------------------------------

namespace {

void insert_enrolment(Connection& db, std::int64_t expert, const std::vector<unsigned char>& hash,
                      UnixSeconds now) {
    db.prepare("DELETE FROM enrolment_tokens WHERE expert_id = ?").bind(1, expert).run();
    db.prepare(
          "INSERT INTO enrolment_tokens (token_hash, expert_id, created_at, expires_at) "
          "VALUES (?, ?, ?, ?)")
        .bind_blob(1, hash)
        .bind(2, expert)
        .bind(3, now)
        .bind(4, now + kEnrolmentSeconds)
        .run();
}

}  // namespace

bool Accounts::create_enrolment(ExpertId id, const std::vector<unsigned char>& token_hash) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement exists(db, "SELECT 1 FROM experts WHERE id = ?");
    exists.bind(1, id.value);
    if (!exists.step()) return false;
    insert_enrolment(db, id.value, token_hash, impl_->clock.now());
    impl_->append_audit({"operator", std::nullopt, std::nullopt, "enrolment_link_created",
                         "expert=" + std::to_string(id.value)});
    tx.commit();
    return true;
}

std::optional<Enrolment> Accounts::enrolment(const std::vector<unsigned char>& token_hash) const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT e.id, e.username, e.display_name, t.expires_at FROM enrolment_tokens t "
                 "JOIN experts e ON e.id = t.expert_id "
                 "WHERE t.token_hash = ? AND t.expires_at > ? AND e.disabled = 0");
    st.bind_blob(1, token_hash);
    st.bind(2, impl_->clock.now());
    if (!st.step()) return std::nullopt;
    return Enrolment{ExpertId{st.int64("id")}, st.text("username"), st.text("display_name"),
                     st.int64("expires_at")};
}

std::optional<ExpertId> Accounts::complete_enrolment(
    const std::vector<unsigned char>& token_hash, const std::string& password_hash,
    const std::function<std::vector<unsigned char>(ExpertId)>& seal_totp, std::int64_t totp_step) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement st(db,
                 "SELECT e.id FROM enrolment_tokens t JOIN experts e ON e.id = t.expert_id "
                 "WHERE t.token_hash = ? AND t.expires_at > ? AND e.disabled = 0");
    st.bind_blob(1, token_hash);
    st.bind(2, impl_->clock.now());
    if (!st.step()) return std::nullopt;
    const ExpertId id{st.int64(0)};
    db.prepare("DELETE FROM enrolment_tokens WHERE expert_id = ?").bind(1, id.value).run();
    db.prepare(
          "UPDATE experts SET password_hash = ?, totp_secret_ct = ?, totp_last_step = ? "
          "WHERE id = ?")
        .bind(1, password_hash)
        .bind_blob(2, seal_totp(id))
        .bind(3, totp_step)
        .bind(4, id.value)
        .run();
    db.prepare("DELETE FROM sessions WHERE expert_id = ?").bind(1, id.value).run();
    impl_->append_audit({"expert", id.value, std::nullopt, "enrolled", ""});
    tx.commit();
    return id;
}

std::optional<ExpertId> Accounts::reset_expert(std::string_view username,
                                               const std::vector<unsigned char>& token_hash) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement find(db, "SELECT id FROM experts WHERE username = ?");
    find.bind(1, username);
    if (!find.step()) return std::nullopt;
    const ExpertId id{find.int64(0)};
    db.prepare(
          "UPDATE experts SET password_hash = '', totp_secret_ct = NULL, totp_last_step = 0 "
          "WHERE id = ?")
        .bind(1, id.value)
        .run();
    db.prepare("DELETE FROM sessions WHERE expert_id = ?").bind(1, id.value).run();
    insert_enrolment(db, id.value, token_hash, impl_->clock.now());
    impl_->append_audit({"operator", std::nullopt, std::nullopt, "user_reset",
                         "expert=" + std::to_string(id.value)});
    tx.commit();
    return id;
}

void Accounts::change_password(ExpertId id, const std::string& password_hash,
                               const std::vector<unsigned char>& keep) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    db.prepare("UPDATE experts SET password_hash = ? WHERE id = ?")
        .bind(1, password_hash)
        .bind(2, id.value)
        .run();
    db.prepare("DELETE FROM sessions WHERE expert_id = ? AND token_hash <> ?")
        .bind(1, id.value)
        .bind_blob(2, keep)
        .run();
    impl_->append_audit({"expert", id.value, std::nullopt, "password_changed", ""});
    tx.commit();
}

ExpertId Accounts::add_expert(const NewExpert& e) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement exists(db, "SELECT 1 FROM experts WHERE username = ?");
    exists.bind(1, e.username);
    if (exists.step()) throw Error("the username \"" + e.username + "\" is already taken");
    db.prepare(
          "INSERT INTO experts (username, display_name, role, password_hash, created_at) "
          "VALUES (?, ?, ?, ?, ?)")
        .bind(1, e.username)
        .bind(2, e.display_name)
        .bind(3, to_string(e.role))
        .bind(4, e.password_hash)
        .bind(5, impl_->clock.now())
        .run();
    const ExpertId id{db.last_insert_rowid()};
    impl_->append_audit({"operator", std::nullopt, std::nullopt, "user_add",
                         "expert=" + std::to_string(id.value) + " role=" + to_string(e.role)});
    tx.commit();
    return id;
}

std::vector<Expert> Accounts::experts() const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT id, username, display_name, role, disabled, "
                 "totp_secret_ct IS NOT NULL AS totp_enrolled, "
                 "created_at FROM experts ORDER BY username");
    std::vector<Expert> out;
    while (st.step())
        out.push_back({ExpertId{st.int64("id")}, st.text("username"), st.text("display_name"),
                       role_from_string(st.text("role")).value_or(Role::expert),
                       st.int64("disabled") != 0, st.int64("totp_enrolled") != 0,
                       st.int64("created_at")});
    return out;
}

bool Accounts::set_expert_disabled(std::string_view username, bool disabled) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement find(db, "SELECT id FROM experts WHERE username = ?");
    find.bind(1, username);
    if (!find.step()) return false;
    const std::int64_t id = find.int64(0);
    db.prepare("UPDATE experts SET disabled = ? WHERE id = ?")
        .bind(1, disabled ? 1 : 0)
        .bind(2, id)
        .run();
    if (disabled) db.prepare("DELETE FROM sessions WHERE expert_id = ?").bind(1, id).run();
    impl_->append_audit({"operator", std::nullopt, std::nullopt,
                         disabled ? "user_disable" : "user_enable",
                         "expert=" + std::to_string(id)});
    tx.commit();
    return true;
}
}  // namespace radfraga::store
