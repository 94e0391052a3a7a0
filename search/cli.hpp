// The `radfraga search` and `radfraga reindex` commands. server/main.cpp opens the
// store and the index for the data folder and passes the remaining arguments here.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "search/search.hpp"

namespace radfraga::store {
class Store;
}

namespace radfraga::search {

// radfraga search [--json] [--limit N] [--category C] QUERY...
// `args` are the arguments after "search", without --data. Words of QUERY may be given
// as one argument or several. Exit codes: 0 ok (also for no hits), 2 bad usage or an
// unusable query (message on `err`), 1 the index failed.
// --json prints {"total": N, "suggestion": "…"|null, "hits": [{"id": external id or
// internal number, "title", "snippet" (HTML, with <mark>), "category", "score"}]}.
int search_command(const std::vector<std::string>& args, Index& index, const store::Store& store,
                   std::ostream& out, std::ostream& err);

// radfraga reindex: rebuilds the index from the database (a new generation, switched
// atomically). Exit codes as above.
int reindex_command(const std::vector<std::string>& args, Index& index, store::Store& store,
                    std::ostream& out, std::ostream& err);

}  // namespace radfraga::search
