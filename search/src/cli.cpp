#include "search/cli.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <iomanip>

#include "core/progress.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace radfraga::search {

namespace {

constexpr const char* search_usage =
    "Användning: radfraga search --data MAPP [--json] [--limit N] [--category KATEGORI] FRÅGA...\n"
    "Söker i de publicerade svaren.\n"
    "  --json           skriv resultatet som JSON\n"
    "  --limit N        högst N träffar (1-100, standard 10)\n"
    "  --category SLUG  bara kategorin SLUG (t.ex. ekonomiskt-bistand)\n";

constexpr const char* reindex_usage =
    "Användning: radfraga reindex --data MAPP\n"
    "Bygger om sökindexet från databasen. Servern kan vara igång under tiden.\n";

// Snippets are HTML; for a terminal, marks become *…* and entities text again.
std::string snippet_as_text(std::string_view html) {
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        auto try_eat = [&](std::string_view token, std::string_view replacement) {
            if (html.substr(i, token.size()) != token) return false;
            out += replacement;
            i += token.size();
            return true;
        };
        if (try_eat("<mark>", "*") || try_eat("</mark>", "*") || try_eat("&amp;", "&") ||
            try_eat("&lt;", "<") || try_eat("&gt;", ">") || try_eat("&quot;", "\"") ||
            try_eat("&#39;", "'")) {
            continue;
        }
        out += html[i++];
    }
    return out;
}

}  // namespace

int search_command(const std::vector<std::string>& args, Index& index, const store::Store& store,
                   std::ostream& out, std::ostream& err) {
    Query q;
    bool json = false;
    std::string text;
    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!options_done && (a == "--help" || a == "-h")) {
            out << search_usage;
            return 0;
        }
        if (!options_done && a == "--") {
            options_done = true;
        } else if (!options_done && a == "--json") {
            json = true;
        } else if (!options_done && (a == "--limit" || a == "--category")) {
            if (i + 1 >= args.size()) {
                err << a << " behöver ett värde.\n" << search_usage;
                return 2;
            }
            const std::string& v = args[++i];
            if (a == "--limit") {
                std::int64_t n = 0;
                auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
                if (ec != std::errc{} || p != v.data() + v.size() || n < 1 ||
                    n > Limits::max_limit) {
                    err << "--limit ska vara ett tal mellan 1 och " << Limits::max_limit << ".\n";
                    return 2;
                }
                q.limit = n;
            } else {
                if (!store.archive().category_exists(v)) {
                    err << "Okänd kategori: " << v << "\n";
                    return 2;
                }
                q.category = v;
            }
        } else if (!options_done && a.starts_with("--")) {
            err << "Okänt alternativ: " << a << "\n" << search_usage;
            return 2;
        } else {
            if (!text.empty()) text += ' ';
            text += a;
        }
    }
    if (text.empty()) {
        err << "Ange vad du vill söka efter.\n" << search_usage;
        return 2;
    }
    q.text = text;
    Result r;
    try {
        index.catch_up();
        r = index.search(q);
    } catch (const QueryError& e) {
        err << e.message_sv() << "\n";
        return 2;
    } catch (const Error& e) {
        err << e.what() << "\n";
        return 1;
    }
    if (json) {
        boost::json::array hits;
        for (const auto& h : r.hits) {
            boost::json::object o;
            if (h.external_id) {
                o["id"] = *h.external_id;
            } else {
                o["id"] = h.id.value;
            }
            o["title"] = h.title;
            o["snippet"] = h.snippet;
            o["category"] = h.category;
            o["score"] = h.score;
            hits.push_back(std::move(o));
        }
        boost::json::object root;
        root["total"] = r.total;
        if (r.suggestion) {
            root["suggestion"] = *r.suggestion;
        } else {
            root["suggestion"] = nullptr;
        }
        root["hits"] = std::move(hits);
        out << boost::json::serialize(root) << "\n";
        return 0;
    }
    if (r.suggestion) out << "Menade du: " << *r.suggestion << "?\n";
    out << r.total << (r.total == 1 ? " träff" : " träffar") << "\n";
    int n = 0;
    for (const auto& h : r.hits) {
        out << "\n"
            << ++n << ". " << h.title << "\n   "
            << (h.external_id ? *h.external_id : "q" + std::to_string(h.id.value)) << " · "
            << h.category << " · " << format_swedish_date(stockholm_time(h.published_at)) << " · "
            << std::fixed << std::setprecision(2) << h.score << "\n";
        if (!h.snippet.empty()) out << "   " << snippet_as_text(h.snippet) << "\n";
    }
    return 0;
}

int reindex_command(const std::vector<std::string>& args, Index& index, store::Store& store,
                    std::ostream& out, std::ostream& err) {
    for (const auto& a : args) {
        if (a == "--help" || a == "-h") {
            out << reindex_usage;
            return 0;
        }
        err << "Okänt argument: " << a << "\n" << reindex_usage;
        return 2;
    }
    try {
        Progress progress(err, Progress::is_terminal(2), "Bygger sökindexet", "frågor",
                          static_cast<std::uint64_t>(store.public_reads().published_count("")));
        const auto stats =
            index.rebuild([&](std::int64_t n) { progress.update(static_cast<std::uint64_t>(n)); });
        progress.finish();
        out << "Sökindexet byggdes om: " << stats.documents << " frågor på " << std::fixed
            << std::setprecision(1) << stats.seconds << " s";
        if (stats.seconds > 0) {
            out << " (" << std::setprecision(0)
                << static_cast<double>(stats.documents) / stats.seconds << " per sekund)";
        }
        out << ".\n";
    } catch (const Error& e) {
        err << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace radfraga::search
