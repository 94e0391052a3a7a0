// One-time passwords for the experts' second factor: RFC 6238 TOTP (HMAC-SHA1, 30-second
// steps, 6 digits, T0 = 0) over RFC 4226 HOTP, with the RFC 4648 base32 the
// authenticator apps use for keys. HMAC comes from OpenSSL 3.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/crypto.hpp"

namespace radfraga {

inline constexpr int kTotpDigits = 6;
inline constexpr std::int64_t kTotpPeriod = 30;      // seconds per step
inline constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, RFC 4226's recommendation

// RFC 4648 base32 (A–Z, 2–7), upper case, without '=' padding.
std::string base32_encode(std::span<const unsigned char> data);

// Decodes base32 as people type it: upper or lower case, with spaces anywhere and
// optional '=' padding at the end (if present it must be the right amount). nullopt for
// any other character, an impossible length or non-zero trailing bits.
std::optional<Bytes> base32_decode(std::string_view text);

// "ABCDEFGH…" -> "ABCD EFGH …": the enrolment key as shown to an expert for typing.
std::string group_key(std::string_view key);

// A fresh TOTP secret of kTotpSecretBytes random bytes.
Bytes new_totp_secret(Random& random);

// RFC 4226 HOTP value of `counter`, as `digits` decimal digits (6–8) with leading zeros.
std::string hotp_code(std::span<const unsigned char> secret, std::uint64_t counter,
                      int digits = kTotpDigits);

// The TOTP step containing time `t`: floor(t / 30). `t` must not be negative.
std::int64_t totp_step(UnixSeconds t);

// The 6-digit TOTP code at time `t` (t >= 0; throws std::invalid_argument otherwise).
std::string totp_code(std::span<const unsigned char> secret, UnixSeconds t);

// Checks a code an expert typed. Spaces in `code` are ignored; what remains must be
// exactly six ASCII digits. The code is compared, in constant time, with the codes of
// steps totp_step(now) - window … totp_step(now) + window (window 0–10, else
// std::invalid_argument); steps <= last_used_step are never accepted, so a code cannot
// be used twice (pass -1 when no code has been used yet). Returns the matched step,
// which the caller must store as the account's new last_used_step before letting the
// login proceed, or nullopt (always for an empty secret: no second factor enrolled).
std::optional<std::int64_t> verify_totp(std::span<const unsigned char> secret,
                                        std::string_view code, UnixSeconds now,
                                        std::int64_t last_used_step, int window = 1);

// The otpauth:// URI authenticator apps import:
//   otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30
// Issuer and account are percent-encoded (UTF-8, everything but A–Z a–z 0–9 - . _ ~).
// `base32_secret` may contain spaces and lower case; throws std::invalid_argument if it
// is not base32 or `issuer` or `account` is empty.
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view base32_secret);

}  // namespace radfraga
