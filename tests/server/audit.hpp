#pragma once
// The audit log's actions as the tests read them: straight from the database file,
// read-only, in the order they were written.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "store/src/sqlite.hpp"

namespace radfraga::test {

inline std::vector<std::string> audit_actions(const std::filesystem::path& db) {
    store::sql::Connection c(db, store::sql::Connection::Mode::read_only);
    auto st = c.prepare("SELECT action FROM audit_log ORDER BY id");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

inline bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace radfraga::test
