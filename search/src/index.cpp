// The search index's public API (search/search.hpp) over its parts; the parts and the
// document layout are described in index_impl.hpp.
#include "search/src/index_impl.hpp"

namespace radfraga::search {

const char* QueryError::message_sv() const noexcept {
    switch (kind_) {
        case QueryErrorKind::empty:
            return "Skriv ett eller flera ord att söka efter.";
        case QueryErrorKind::too_long:
            return "Sökningen är för lång. Försök med färre ord.";
        case QueryErrorKind::invalid_utf8:
            return "Sökningen innehåller tecken som inte kan läsas.";
        case QueryErrorKind::bad_range:
            return "Datumintervallet eller sidnumret är ogiltigt.";
    }
    return "Ogiltig sökning.";
}

// ---- Index --------------------------------------------------------------------------

Index::Index(const store::Store& store, Options options) {
    if (options.dir.empty()) throw Error("Ingen mapp för sökindexet angiven.");
    if (options.batch_size < 1) options.batch_size = 1;
    std::error_code ec;
    std::filesystem::create_directories(options.dir, ec);
    if (ec) throw Error("Kan inte skapa mappen " + options.dir.string() + ": " + ec.message());
    impl_ = std::make_unique<Impl>(store, std::move(options));
    std::lock_guard lock(impl_->writer_mutex);
    impl_->scrub_pending = std::filesystem::exists(impl_->scrub_note());
    bool ok = false;
    try {
        ok = impl_->open_writer_locked();
    } catch (const Xapian::DatabaseLockError&) {
        // Another process (the server) holds the writer: serve reads from its index.
        const auto g = impl_->read_current();
        if (g != 0) {
            impl_->set_live(g, 0);
            return;
        }
    }
    if (!ok) impl_->rebuild_locked();
    impl_->remove_old_generations(impl_->generation);
    impl_->catch_up_locked();
    impl_->warm_ranker();
}

Index::~Index() = default;

CatchUpStats Index::catch_up() {
    std::lock_guard lock(impl_->writer_mutex);
    // Cheap path: nothing new in the outbox and nothing switched.
    if (impl_->writer && !impl_->broken.load() && !impl_->scrub_pending &&
        impl_->store.outbox().outbox_head() == impl_->applied_seq &&
        impl_->read_current() == impl_->generation) {
        return CatchUpStats{0, 0, 0, impl_->applied_seq};
    }
    auto stats = impl_->catch_up_locked();
    if (stats.entries > 0) impl_->warm_ranker();
    return stats;
}

RebuildStats Index::rebuild(const std::function<void(std::int64_t)>& progress) {
    std::lock_guard lock(impl_->writer_mutex);
    auto stats = impl_->rebuild_locked(progress);
    impl_->catch_up_locked();
    impl_->warm_ranker();
    return stats;
}

Result Index::search(const Query& q) const {
    return impl_->search(q);
}
std::vector<Hit> Index::related(QuestionId id, std::size_t n) const {
    return impl_->related(id, n);
}
std::vector<Hit> Index::similar(std::string_view text, std::size_t n) const {
    return impl_->similar(text, n);
}
std::int64_t Index::last_seq() const {
    return impl_->published_seq.load();
}

std::int64_t Index::ranking_version() const {
    // FNV-1a over the analysis fingerprint (stemmer, stop words, synonyms, ...), stable
    // across builds and processes, combined with the ranking code's own version.
    std::uint64_t h = 14695981039346656037ULL;
    const std::string fp = impl_->analyzer.fingerprint() +
                           "|related:" + std::to_string(related_terms) + ":" +
                           std::to_string(related_floor) + "|bm25:" + std::to_string(bm25_k1) +
                           ":" + std::to_string(bm25_b);
    for (const char ch : fp) {
        h ^= static_cast<unsigned char>(ch);
        h *= 1099511628211ULL;
    }
    // 40 bits of the hash, the code version above them: positive in an int64.
    return (ranking_code_version << 40) | static_cast<std::int64_t>(h & ((1ULL << 40) - 1));
}

std::int64_t Index::document_count() const {
    return impl_->with_db(
        [](Xapian::Database& db) { return static_cast<std::int64_t>(db.get_doccount()); });
}

}  // namespace radfraga::search
