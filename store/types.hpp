// What every part of the store shares: its one exception type and the expert roles.
//
// Contract: the store's only exception is store::Error, thrown for environment failures
// (disk full, unreadable file, a database locked past the busy timeout, a file that is not
// a Rådfråga database) with one clear sentence. Bugs assert; nothing else is thrown.
#pragma once
#include <optional>
#include <stdexcept>
#include <string_view>

namespace radfraga::store {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class Role { expert, admin };
const char* to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);

namespace detail {
// The state behind a Store and its facets (store/src/store_impl.hpp).
struct StoreImpl;
}  // namespace detail

}  // namespace radfraga::store
