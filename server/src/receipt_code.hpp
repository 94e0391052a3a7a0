// Private to server/: the asker's receipt code, the one secret that opens a question's
// receipt page (/kvitto/CODE and the API's receipts/).
//
// A code is 28 symbols of Crockford's base32 (0-9 and A-Z without I, L, O and U: 140
// random bits), so it can be written down, read aloud and typed back: it is shown in
// groups of four joined by dashes, and a typed code may be in any letter case, with
// spaces and dashes anywhere, and with O for 0 and I or L for 1. Only SHA-256 of the
// canonical form (28 upper-case symbols, no separators) is stored.
//
// Codes issued before (24 characters of base64url, case-sensitive) stay valid exactly
// as they were: receipt_token_candidates() also yields a typed text as such an old token.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace radfraga::server {

inline constexpr std::size_t kReceiptCodeSymbols = 28;

// A new code, canonical.
std::string new_receipt_code(Random& random);

// "ABCD-EFGH-…" for display: the canonical code in groups of four.
std::string group_receipt_code(std::string_view canonical);

// The canonical form of a typed code, or nullopt if it is not one.
std::optional<std::string> canonical_receipt_code(std::string_view typed);

// The tokens whose hash may name a receipt, for a typed or linked code: the code of
// this format if it is one, then the text as an old base64url token (22-64 characters
// after removing white space, as it was always accepted). At most two; empty if neither.
std::vector<std::string> receipt_token_candidates(std::string_view typed);

}  // namespace radfraga::server
