// Expert accounts: the experts and admins, their passwords and TOTP keys, their sessions
// and enrolment links.
//
// Contract:
//  * The store keeps only hashes of tokens (sessions, enrolment links) and only encrypted
//    TOTP keys (sealed by the caller); a password is stored as the Argon2id string the
//    caller made. Nothing here can turn a stored row back into a credential.
//  * session() and enrolment() refuse a disabled account.
//  * Changes to an account's credentials or standing (login, TOTP enrolment, password,
//    enrolment links, resets, revoked sessions, adding, disabling) append an audit row in
//    the same transaction; plain session upkeep (create, touch, expire) does not.
//  * Environment failures throw store::Error; nothing else is thrown.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"

#include "store/types.hpp"

namespace radfraga::store {

struct NewExpert {
    std::string username;
    std::string display_name;
    Role role = Role::expert;
    // Already hashed (Argon2id encoded string); empty: no usable password until the
    // expert uses an enrolment link (create_enrolment).
    std::string password_hash;
};

struct Expert {
    ExpertId id;
    std::string username;
    std::string display_name;
    Role role = Role::expert;
    bool disabled = false;
    bool totp_enrolled = false;
    UnixSeconds created_at = 0;
};

// What login needs to know about an expert.
struct ExpertAuth {
    ExpertId id;
    std::string username;
    std::string display_name;
    Role role = Role::expert;
    bool disabled = false;
    std::string password_hash;
    std::vector<unsigned char> totp_secret_ct;  // empty until enrolled
    std::int64_t totp_last_step = 0;
};

// How long an enrolment link (Accounts::create_enrolment) is valid.
inline constexpr std::int64_t kEnrolmentSeconds = 72 * 3600;

// The account a live enrolment link belongs to.
struct Enrolment {
    ExpertId expert;
    std::string username;
    std::string display_name;
    UnixSeconds expires_at = 0;
};

// One of an expert's sessions as the expert sees it: times only, since no address or
// browser is stored. `id` names it for revocation; it is derived from the token's hash
// (a hash of the hash), so it cannot be turned into the session.
struct SessionEntry {
    std::string id;
    UnixSeconds created_at = 0;
    UnixSeconds last_seen_at = 0;
    bool second_factor = false;
    bool current = false;  // the session the listing was asked from
};

struct SessionInfo {
    ExpertId expert;
    std::string username;
    std::string display_name;
    Role role = Role::expert;
    bool second_factor = false;  // TOTP verified in this session
    bool totp_enrolled = false;
    UnixSeconds created_at = 0;
};

// Reached as Store::accounts().
class Accounts {
  public:
    std::optional<ExpertAuth> expert_auth(std::string_view username) const;
    std::optional<ExpertAuth> expert_auth(ExpertId id) const;
    // Audits a completed password check. Failed logins are not written to the database
    // (their cost must not depend on whether the username exists); the server throttles
    // them in memory.
    void record_login_success(ExpertId id);
    // Stores an enrolled TOTP key (encrypted by the caller).
    void set_totp_secret(ExpertId id, const std::vector<unsigned char>& secret_ct,
                         std::int64_t step);
    // Records `step` as the last TOTP step used, only if it is newer than the stored
    // one (so a code can never be used twice). False if it was not newer.
    bool use_totp_step(ExpertId id, std::int64_t step);
    void create_session(const std::vector<unsigned char>& token_hash, ExpertId id,
                        bool second_factor);
    // The live session with this token hash, touching its last-seen time; nullopt (and
    // the session deleted) if unknown, idle for longer than `idle_seconds`, older than
    // `lifetime_seconds` however active (the absolute lifetime), or its expert is
    // disabled.
    std::optional<SessionInfo> session(const std::vector<unsigned char>& token_hash,
                                       std::int64_t idle_seconds, std::int64_t lifetime_seconds);
    void set_session_second_factor(const std::vector<unsigned char>& token_hash);
    void delete_session(const std::vector<unsigned char>& token_hash);
    // Deletes sessions idle or older than the limits (as session() would refuse them) and
    // enrolment links past their time.
    void delete_expired_sessions(std::int64_t idle_seconds, std::int64_t lifetime_seconds);
    // The account's sessions, newest first; `current` marks the one with that token hash.
    std::vector<SessionEntry> sessions_of(ExpertId id,
                                          const std::vector<unsigned char>& current) const;
    // Ends the account's session whose SessionEntry::id is `session_id`, with an audit row
    // 'session_revoked'. False if the account has no such session.
    bool revoke_session(ExpertId id, std::string_view session_id);
    // Ends every session of the account except `keep`, with an audit row
    // 'other_sessions_revoked' when there were any. Returns how many were ended.
    std::int64_t revoke_other_sessions(ExpertId id, const std::vector<unsigned char>& keep);

    // Makes `token_hash` (SHA-256 of the link's token) the account's enrolment link, valid
    // kEnrolmentSeconds from now; an earlier link of the account stops working. Audits
    // 'enrolment_link_created'. False if there is no such account.
    bool create_enrolment(ExpertId id, const std::vector<unsigned char>& token_hash);
    // The account of a live link: known, unused, not past its time, account not disabled.
    std::optional<Enrolment> enrolment(const std::vector<unsigned char>& token_hash) const;
    // Uses a live link, in one transaction: deletes it (a link works once), sets the
    // password hash and the TOTP key `seal_totp` returns for the account (encrypted by the
    // caller) with `totp_step` as the last step used, ends every session of the account and
    // audits 'enrolled'. nullopt, changing nothing, if the link is not live.
    std::optional<ExpertId> complete_enrolment(
        const std::vector<unsigned char>& token_hash, const std::string& password_hash,
        const std::function<std::vector<unsigned char>(ExpertId)>& seal_totp,
        std::int64_t totp_step);
    // For a lost password or phone: clears the account's password and TOTP key, ends its
    // sessions and links, makes `token_hash` its new enrolment link and audits 'user_reset'.
    // nullopt if there is no such user.
    std::optional<ExpertId> reset_expert(std::string_view username,
                                         const std::vector<unsigned char>& token_hash);
    // Sets a new password hash, ends every other session of the account (all but `keep`)
    // and audits 'password_changed'.
    void change_password(ExpertId id, const std::string& password_hash,
                         const std::vector<unsigned char>& keep);
    // Throws Error if the username is taken.
    ExpertId add_expert(const NewExpert& e);
    std::vector<Expert> experts() const;
    // False if there is no such user.
    bool set_expert_disabled(std::string_view username, bool disabled);

    Accounts(const Accounts&) = delete;
    Accounts& operator=(const Accounts&) = delete;

  private:
    friend class Store;
    explicit Accounts(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
