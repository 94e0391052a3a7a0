// The query path of the index: parsing, ranking (in memory or with Xapian's matcher),
// fusion, facets, spelling suggestions, snippets, related and similar questions.
#include "search/src/index_impl.hpp"

namespace radfraga::search {

// `markdown` (field `field` of question `id`) ready for snippets. Kept per question
// and field (Options::snippet_memory_bytes), checked against a hash of the text so
// an edit shows at once.
auto Index::Impl::prepared(QuestionId id, int field, const std::string& markdown) const
    -> std::shared_ptr<const PreparedText> {
    const std::int64_t key = id.value * 2 + field;
    const std::size_t hash = std::hash<std::string>{}(markdown);
    {
        std::lock_guard lock(prepared_cache.mutex);
        const auto* e = prepared_cache.lru.peek(key);
        if (e != nullptr && e->hash == hash && e->size == markdown.size())
            return prepared_cache.lru.get(key)->text;
    }
    auto text =
        std::make_shared<const PreparedText>(prepare_text(strip_markdown(markdown), analyzer));
    std::lock_guard lock(prepared_cache.mutex);
    prepared_cache.lru.put(key, PreparedCache::Entry{hash, markdown.size(), text}, text->bytes());
    return text;
}

auto Index::Impl::cached(const std::string& key, std::uint64_t v) const
    -> std::shared_ptr<const Found> {
    std::lock_guard lock(result_cache.mutex);
    if (result_cache.version != v) return nullptr;
    const auto* found = result_cache.lru.get(key);
    return found != nullptr ? *found : nullptr;
}

auto Index::Impl::remember(const std::string& key, std::uint64_t v,
                           std::shared_ptr<const Found> found) const -> void {
    std::lock_guard lock(result_cache.mutex);
    if (result_cache.version != v) {
        if (v < result_cache.version) return;  // computed on an older version
        result_cache.lru.clear();
        result_cache.version = v;
    }
    if (result_cache.lru.contains(key)) return;
    result_cache.lru.put(key, std::move(found), 1);
}

auto Index::Impl::corrector(Xapian::Database& db) const -> Corrector {
    if (options.analysis != Analysis::swedish) return {};
    return detail::archive_corrector(analyzer, db);
}

auto Index::Impl::termfreq(Xapian::Database& db) -> TermFreq {
    return [&db](const std::string& t) -> std::uint64_t { return db.get_termfreq(t); };
}

// BM25 as Xapian's defaults, except where noted.
auto Index::Impl::weighting() const -> Xapian::BM25Weight {
    if (options.analysis != Analysis::swedish) return Xapian::BM25Weight();
    return Xapian::BM25Weight(bm25_k1, 0, 1, bm25_b, bm25_min_normlen);
}

auto Index::Impl::synonyms_or_null() const -> const Synonyms* {
    return options.analysis == Analysis::swedish ? &synonyms : nullptr;
}

auto Index::Impl::search(const Query& q) const -> Result {
    if (q.offset < 0 || q.limit < 0 || (q.from && q.to && *q.from > *q.to)) {
        throw QueryError(QueryErrorKind::bad_range, "negative offset/limit or from > to");
    }
    const auto parsed = parse_query(q.text);
    const auto limit = std::clamp<std::int64_t>(q.limit, 1, Limits::max_limit);
    const auto offset = std::min<std::int64_t>(q.offset, Limits::max_offset);

    std::string key;
    key.reserve(q.text.size() + q.category.size() + 64);
    key += q.text;
    key += '\x1f';
    key += q.category;
    key += '\x1f';
    key += q.from ? std::to_string(*q.from) : "-";
    key += '/';
    key += q.to ? std::to_string(*q.to) : "-";
    key += '/';
    key += std::to_string(offset) + '/' + std::to_string(limit) + '/';
    key += q.sort == Sort::newest ? 'n' : 'r';
    key += q.with_facets ? 'f' : '-';
    key += q.with_suggestion ? 's' : '-';
    const std::uint64_t v = version.load();

    std::shared_ptr<const Found> found = cached(key, v);
    if (!found) {
        found = with_db([&](Xapian::Database& db) { return find(db, q, parsed, offset, limit); });
        remember(key, v, found);
    }

    // Render from the store: only what is published now.
    std::vector<QuestionId> ids;
    ids.reserve(found->ids.size());
    for (const auto& [id, _] : found->ids) ids.push_back(id);
    const auto docs = store.outbox().index_docs(ids);
    std::unordered_map<std::int64_t, const store::IndexDoc*> by_id;
    for (const auto& d : docs) by_id.emplace(d.id.value, &d);
    Result result = found->result;
    BuiltQuery marks;  // what the snippets mark
    if (q.with_snippets) {
        marks.highlight = found->highlight;
        marks.highlight_prefixes = found->highlight_prefixes;
    }
    SnippetMemo memo;
    for (const auto& [id, score] : found->ids) {
        auto it = by_id.find(id.value);
        if (it == by_id.end()) continue;
        const store::IndexDoc& d = *it->second;
        Hit h{d.id, d.external_id, d.title, d.category_slug, d.published_at, score, {}};
        if (q.with_snippets) {
            int qs = 0, as = 0;
            // Both are shown as plain text: Markdown syntax is no part of a snippet.
            std::string from_question =
                make_snippet(*prepared(d.id, 0, d.question), marks, qs, memo);
            std::string from_answer = make_snippet(*prepared(d.id, 1, d.answer), marks, as, memo);
            h.snippet = as > qs ? std::move(from_answer) : std::move(from_question);
        }
        result.hits.push_back(std::move(h));
    }
    return result;
}

// The match itself: ids and scores of the page, total, facets, suggestion.
auto Index::Impl::find(Xapian::Database& db, const Query& q, const ParsedQuery& parsed,
                       std::int64_t offset, std::int64_t limit) const
    -> std::shared_ptr<const Found> {
    auto r = std::make_shared<Found>();
    // A query typed without å, ä and ö is searched with them put back, and the text
    // with them is offered as the suggestion.
    const std::optional<std::string> restored =
        restore_letters(parsed, q.text, analyzer, termfreq(db), corrector(db));
    const ParsedQuery restored_parsed = restored ? parse_query(*restored) : ParsedQuery{};
    BuiltQuery built =
        build_query(restored ? restored_parsed : parsed,
                    restored ? std::string_view(*restored) : q.text, analyzer, synonyms_or_null(),
                    q.with_suggestion ? corrector(db) : Corrector{}, termfreq(db));
    if (restored && !built.suggestion && q.with_suggestion) built.suggestion = *restored;
    if (built.query.empty()) {
        throw QueryError(QueryErrorKind::empty, "no searchable words");
    }
    r->result.suggestion = built.suggestion;
    // Newest first ranks nothing, so a match that has only some of the words would
    // be listed as high as one about all of them: it shows the questions that have
    // every word (in any inflection, compound or synonym), and all that match any
    // word only if none has them all. Requiring every word also spares visiting
    // every document with one common word to sort them by date.
    if (q.sort == Sort::newest && options.analysis == Analysis::swedish &&
        !built.all_words.empty()) {
        // Whether any question has every word does not depend on the page (a total
        // of 0 is exact), so the choice is the same on every page of the result.
        match(db, q, built.all_words, built.all_words_expr, nullptr, offset, limit, *r);
        if (r->result.total > 0) return finish(std::move(built), r);
        *r = Found{};
        r->result.suggestion = built.suggestion;
    }
    if (q.sort != Sort::newest && (!built.with_phrasing.empty() || !built.function_terms.empty()) &&
        offset < fusion_depth_for(built)) {
        fused_match(db, q, built, offset, limit, *r);
    } else if (q.sort != Sort::newest) {
        match_in_blocks(db, q, built, offset, limit, *r);
    } else {
        match(db, q, built.query, built.expr, &built, offset, limit, *r);
    }
    return finish(std::move(built), r);
}

auto Index::Impl::match_in_blocks(Xapian::Database& db, const Query& q, const BuiltQuery& built,
                                  std::int64_t offset, std::int64_t limit, Found& r) const -> void {
    const std::int64_t first = offset - offset % rerank_block;
    if (first == offset && limit == rerank_block) {
        match(db, q, built.query, built.expr, &built, offset, limit, r);
        return;
    }
    Query rest = q;
    rest.with_facets = false;
    std::vector<std::pair<QuestionId, double>> ids;
    for (std::int64_t from = first; from < offset + limit; from += rerank_block) {
        Found block;
        match(db, from == first ? q : rest, built.query, built.expr, &built, from, rerank_block,
              from == first ? r : block);
        const auto& got = from == first ? r.ids : block.ids;
        ids.insert(ids.end(), got.begin(), got.end());
        if (got.size() < static_cast<std::size_t>(rerank_block)) break;  // no more matches
    }
    const auto skip = std::min(ids.size(), static_cast<std::size_t>(offset - first));
    const auto end = std::min(ids.size(), skip + static_cast<std::size_t>(limit));
    r.ids.assign(ids.begin() + static_cast<std::ptrdiff_t>(skip),
                 ids.begin() + static_cast<std::ptrdiff_t>(end));
}

// A query phrased as a question: its first fusion_depth_for(built) matches reordered by
// reciprocal rank fusion of two rankings, the query's own (content words only) and
// the same with the phrasing words at full weight. Content words choose the
// questions; a question worded like the reader's ("hur får jag hjälp utan att jobbet
// får veta") is not lost below ones that share only the content words. Only the
// query's own first fusion_depth matches are reordered, so the pages after them
// follow on without gaps or repeats (each of them ordered by its proximity bonus as
// any page is), and total and facets are the query's own. The second ranking is
// computed over those matches only: their own weights plus the phrasing words' BM25
// and the proximity bonus of the pairs with phrasing words, read from the same term
// and position lists (a second match over the whole archive cost +76 % instructions
// on whole questions).
std::int64_t Index::Impl::fusion_depth_for(const BuiltQuery& built) {
    const bool few =
        !built.function_terms.empty() && built.reader_words.size() <= few_content_words;
    return few ? fusion_depth_few_words : fusion_depth;
}

auto Index::Impl::fused_match(Xapian::Database& db, const Query& q, const BuiltQuery& built,
                              std::int64_t offset, std::int64_t limit, Found& r) const -> void {
    const std::int64_t depth = fusion_depth_for(built);
    std::vector<Scored> own;
    match(db, q, built.query, built.expr, nullptr, 0, depth, r, &own);
    Lengths lengths = lengths_for(db);
    Positions positions;
    // A whole sentence's function words weigh in both rankings.
    if (!built.function_terms.empty()) {
        add_function_weights(db, built, own, &lengths);
        std::stable_sort(own.begin(), own.end(),
                         [](const Scored& x, const Scored& y) { return x.weight > y.weight; });
    }
    std::vector<Scored> other = own;
    // What each match has of the reader's words (the same matches in both rankings).
    const auto readers = readers_words_in(db, built, own, &lengths);
    // Reranks `ranking` with `pairs`' bonus, then keeps the reader's words first.
    auto arrange = [&](const BuiltQuery& pairs, std::vector<Scored>& ranking) {
        std::unordered_map<Xapian::docid, double> bonus;
        for (const auto& s : ranking) bonus[s.did] = -s.weight;
        rerank(db, pairs, ranking, &lengths, &positions);
        for (const auto& s : ranking) bonus[s.did] += s.weight;
        keep_readers_words_first(readers, ranking, bonus);
    };
    arrange(built, own);
    add_phrasing_weights(db, built, other, &lengths);
    BuiltQuery bonus;
    bonus.near_pairs = built.with_phrasing_near_pairs;
    bonus.particle_terms = built.particle_terms;
    bonus.proximity_window = built.proximity_window;
    bonus.proximity_weight = built.proximity_weight;
    arrange(bonus, other);
    r.ids = id_weights(own);
    if (offset + limit > depth) {
        // The matches after the fused ones, as the query's own later pages.
        Found tail;
        Query rest = q;
        rest.with_facets = false;
        match_in_blocks(db, rest, built, depth, offset + limit - depth, tail);
        r.ids.insert(r.ids.end(), tail.ids.begin(), tail.ids.end());
    }
    std::unordered_map<std::int64_t, std::size_t> other_rank;
    for (std::size_t i = 0; i < other.size(); ++i) other_rank.emplace(other[i].id.value, i);
    const std::size_t head = std::min(r.ids.size(), static_cast<std::size_t>(depth));
    std::vector<std::pair<double, std::size_t>> order;  // (fused score, own rank)
    for (std::size_t i = 0; i < head; ++i) {
        const auto it = other_rank.find(r.ids[i].first.value);
        const double o = static_cast<double>(
            it == other_rank.end() ? static_cast<std::size_t>(depth) : it->second);
        order.emplace_back(1.0 / (fusion_k + static_cast<double>(i)) + 1.0 / (fusion_k + o), i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    std::vector<std::pair<QuestionId, double>> ids;
    ids.reserve(r.ids.size());
    for (const auto& [score, i] : order) ids.emplace_back(r.ids[i].first, score);
    for (std::size_t i = head; i < r.ids.size(); ++i) ids.push_back(r.ids[i]);
    const auto from = std::min(ids.size(), static_cast<std::size_t>(offset));
    const auto to = std::min(ids.size(), static_cast<std::size_t>(offset + limit));
    r.ids.assign(ids.begin() + static_cast<std::ptrdiff_t>(from),
                 ids.begin() + static_cast<std::ptrdiff_t>(to));
}

auto Index::Impl::finish(BuiltQuery built, const std::shared_ptr<Found>& r)
    -> std::shared_ptr<const Found> {
    r->highlight = std::move(built.highlight);
    r->highlight_prefixes = std::move(built.highlight_prefixes);
    return r;
}

auto Index::Impl::lengths_for(Xapian::Database& db) const -> Lengths {
    return Lengths{{}, options.in_memory_ranking ? ranker_for(db) : nullptr};
}

auto Index::Impl::length_of(Xapian::Database& db, Xapian::docid did, Lengths& lengths)
    -> Xapian::termcount {
    const auto [it, fresh] = lengths.known.try_emplace(did, 0);
    if (fresh) {
        const auto held = lengths.ranker ? lengths.ranker->length(did) : std::nullopt;
        it->second = held ? *held : db.get_doclength(did);
    }
    return it->second;
}

// Adds to each document's weight what the phrasing words add to it in
// built.with_phrasing: BM25 of each word's group of terms as an OP_SYNONYM (the sum
// of their wdfs, the document frequency of any of them estimated as Xapian does).
// The wdfs come from each term's posting list, skipped to the documents in docid
// order (a document's whole term list is dearer to read).
auto Index::Impl::add_phrasing_weights(Xapian::Database& db, const BuiltQuery& built,
                                       std::vector<Scored>& found, Lengths* lengths) const -> void {
    add_group_weights(db, built.phrasing_terms, false, 1.0, found, lengths);
}

auto Index::Impl::add_function_weights(Xapian::Database& db, const BuiltQuery& built,
                                       std::vector<Scored>& found, Lengths* lengths) const -> void {
    std::vector<std::vector<std::string>> groups;
    std::vector<std::string> titles;
    for (const auto& t : built.function_terms) {
        groups.push_back({t});
        titles.push_back(title_function_term_of(t));
    }
    add_group_weights(db, groups, true, function_word_weight, found, lengths, titles);
}

auto Index::Impl::add_group_weights(Xapian::Database& db,
                                    const std::vector<std::vector<std::string>>& groups,
                                    bool presence, double factor, std::vector<Scored>& found,
                                    Lengths* lengths, const std::vector<std::string>& titles) const
    -> void {
    if (found.empty() || groups.empty()) return;
    const Bm25 bm25(db, bm25_params());
    Lengths own_lengths;  // when the caller keeps none: read from the ranker all the same
    Lengths& lens = lengths != nullptr ? *lengths : (own_lengths = lengths_for(db));
    const double n = bm25.doccount();
    std::vector<std::size_t> by_docid(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) by_docid[i] = i;
    std::sort(by_docid.begin(), by_docid.end(),
              [&](std::size_t x, std::size_t y) { return found[x].did < found[y].did; });
    std::vector<double> length_part(found.size(), -1);
    std::vector<Xapian::termcount> wdf(found.size());
    // Presence terms from the ranker's lists when there is one (a stopword's list is
    // long, and Xapian would decode it again for every question).
    const auto ranker = presence ? lens.ranker : nullptr;
    std::vector<Xapian::docid> docids;
    if (ranker) {
        for (const auto& f : found) docids.push_back(f.did);
    }
    // Adds each found document's wdf of `term` (1 if `presence` and it has the term).
    auto add_wdfs = [&](const std::string& term, std::vector<Xapian::termcount>& into) {
        if (ranker) {
            const auto has = ranker->has_term(db, term, docids);
            for (std::size_t i = 0; i < found.size(); ++i) into[i] += has[i] != 0 ? 1U : 0U;
            return;
        }
        auto it = db.postlist_begin(term);
        const auto end = db.postlist_end(term);
        for (const std::size_t i : by_docid) {
            it.skip_to(found[i].did);
            if (it == end) break;
            if (*it == found[i].did) into[i] += presence ? 1 : it.get_wdf();
        }
    };
    std::vector<Xapian::termcount> in_title(found.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        double df = 0;
        std::fill(wdf.begin(), wdf.end(), 0);
        for (const auto& t : groups[g]) {
            const double d = db.get_termfreq(t);
            if (d <= 0) continue;
            df = n > 0 ? std::min(n, df + d - df * d / n) : df + d;
            add_wdfs(t, wdf);
        }
        if (df <= 0) continue;
        std::fill(in_title.begin(), in_title.end(), 0);
        const bool titled = presence && g < titles.size() && db.get_termfreq(titles[g]) > 0;
        if (titled) add_wdfs(titles[g], in_title);
        const double tw = bm25.term_weight(static_cast<Xapian::doccount>(std::llround(df)), 1.0);
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (wdf[i] == 0) continue;
            if (length_part[i] < 0)
                length_part[i] = bm25.length_part(length_of(db, found[i].did, lens));
            const auto w =
                presence ? Xapian::termcount{in_title[i] != 0 ? 1 + title_wdf : 1} : wdf[i];
            found[i].weight += factor * bm25.sumpart(tw, w, length_part[i]);
        }
    }
}

// The matches of `mset` in its order; weights 0 when `weighted` is false.
auto Index::Impl::scored(const Xapian::MSet& mset, bool weighted) -> std::vector<Scored> {
    std::vector<Scored> out;
    out.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.push_back(Scored{*it, QuestionId{parse_int(it.get_document().get_data())},
                             weighted ? it.get_weight() : 0.0});
    }
    return out;
}

// The page of an in-memory ranking, with question ids (rank_in_memory's numbers).
auto Index::Impl::scored(const RankResult& ranked) -> std::vector<Scored> {
    assert(ranked.numbers.size() == ranked.page.size());
    std::vector<Scored> out;
    out.reserve(ranked.page.size());
    for (std::size_t i = 0; i < ranked.page.size(); ++i) {
        out.push_back(
            Scored{ranked.page[i].first, QuestionId{ranked.numbers[i]}, ranked.page[i].second});
    }
    return out;
}

// Makes the ranker of the newest revision before a query needs it and reads posting
// lists into it: those the previous ranker held (after a commit the same words come
// back; they are read again because document numbers and statistics changed), or at
// start the most frequent words' up to half the budget. So neither the first queries
// after a start nor those after a publication pay for reading lists (the first-run
// cliff: p99 107-267 ms in the first benchmark run after a start, docs/performance.md).
auto Index::Impl::warm_ranker() const -> void {
    if (!options.in_memory_ranking || options.analysis != Analysis::swedish) return;
    std::vector<std::string> keys;
    {
        std::lock_guard lock(ranker_mutex);
        if (live_ranker) keys = live_ranker->held_keys();
    }
    with_db([&](Xapian::Database& db) {
        const auto ranker = ranker_for(db);
        if (!ranker) return 0;
        if (keys.empty()) {
            auto by_frequency = [&](const std::string& prefix, bool presence) {
                std::vector<std::pair<Xapian::doccount, std::string>> terms;
                for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
                    terms.emplace_back(t.get_termfreq(), presence ? Ranker::presence_key(*t) : *t);
                std::sort(terms.begin(), terms.end(),
                          [](const auto& a, const auto& b) { return a.first > b.first; });
                std::vector<std::string> out;
                for (auto& t : terms) out.push_back(std::move(t.second));
                return out;
            };
            // The commonest stopwords' presence lists first (every whole question reads
            // some of them; Ranker::has_term), within an eighth of the budget.
            ranker->warm(db, by_frequency("S", true), 0.125);
            keys = by_frequency("Z", false);
        }
        ranker->warm(db, keys, 0.5);
        return 0;
    });
}

// Ranks `expr` in memory when the ranker can (see match()); nullopt otherwise.
auto Index::Impl::rank_in_memory(Xapian::Database& db, const Expr& expr,
                                 const RankRequest& req) const -> std::optional<RankResult> {
    if (!options.in_memory_ranking || options.analysis != Analysis::swedish ||
        !Ranker::supports(expr)) {
        return std::nullopt;
    }
    const auto ranker = ranker_for(db);
    if (!ranker) return std::nullopt;
    RankResult result = ranker->run(db, expr, req);
    result.numbers.reserve(result.page.size());
    for (const auto& entry : result.page)
        result.numbers.push_back(ranker->data_number(db, entry.first).value_or(-1));
    return result;
}

auto Index::Impl::id_weights(const std::vector<Scored>& found)
    -> std::vector<std::pair<QuestionId, double>> {
    std::vector<std::pair<QuestionId, double>> out;
    out.reserve(found.size());
    for (const auto& f : found) out.emplace_back(f.id, f.weight);
    return out;
}

// Adds the proximity bonus of `built` to `found` (one page, best first by
// built.query) and reorders it. So the words decide which questions are on a page,
// and their nearness the order within it. OP_NEAR over every match of two common
// words was a third of a query's time on a 100 000-question archive, and an
// OP_NEAR query restricted to the page's documents still cost 0.36 ms, mostly
// setting up a match; reading the page's positions directly costs 0.19 ms for a
// page of ten (the weights match Xapian's to the last digit of nDCG). Ordering the
// page only also ranked better than the bonus over all matches (dev nDCG@10 0.943
// against 0.940, recall 0.908 against 0.899; held-out the same): near pairs of
// common words no longer lift questions that the words alone rank low.
auto Index::Impl::rerank(Xapian::Database& db, const BuiltQuery& built, std::vector<Scored>& found,
                         Lengths* lengths, Positions* kept) const -> void {
    if (found.size() < 2 || (built.near_pairs.empty() && built.particle_terms.empty())) return;
    // BM25 as weighting() computes it for the Swedish index (near pairs exist only
    // there): what one term adds to one document.
    const Bm25 bm25(db, bm25_params());
    Lengths own_lengths;  // when the caller keeps none: read from the ranker all the same
    Lengths& lens = lengths != nullptr ? *lengths : (own_lengths = lengths_for(db));
    // The distinct terms of the pairs: a term stands in two near pairs of a query
    // ("a b", "b c"), so each document's list of a term is read once.
    std::vector<std::string> terms;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    auto index_of = [&](const std::string& t) {
        const auto at = std::find(terms.begin(), terms.end(), t);
        if (at != terms.end()) return static_cast<std::size_t>(at - terms.begin());
        terms.push_back(t);
        return terms.size() - 1;
    };
    for (const auto& [a, b] : built.near_pairs) pairs.emplace_back(index_of(a), index_of(b));
    std::vector<std::vector<Xapian::termpos>> local(terms.size());
    std::vector<char> got(terms.size());
    // Positions (ascending) of term k in `did`; empty if the term is not there. With
    // `kept` (both rankings of a fused query) they are kept for the query, keyed by
    // term and docid, since the second ranking's pairs hold the first's terms.
    std::string key;
    auto positions = [&](Xapian::docid did, std::size_t k) -> const std::vector<Xapian::termpos>& {
        const std::string& t = terms[k];
        std::vector<Xapian::termpos>* out = &local[k];
        if (kept != nullptr) {
            key.assign(t);
            key.push_back('\0');
            key.append(reinterpret_cast<const char*>(&did), sizeof did);
            const auto [it, fresh] = kept->try_emplace(key);
            if (!fresh) return it->second;
            out = &it->second;
        } else if (got[k] != 0) {
            return local[k];
        } else {
            got[k] = 1;
            out->clear();
        }
        for (auto p = db.positionlist_begin(did, t); p != db.positionlist_end(did, t); ++p)
            out->push_back(*p);
        return *out;
    };
    auto near = [&](const std::vector<Xapian::termpos>& x, const std::vector<Xapian::termpos>& y) {
        // Some two positions less than the window apart (as OP_NEAR: all within a
        // window of that many positions).
        std::size_t i = 0, j = 0;
        while (i < x.size() && j < y.size()) {
            const auto d = x[i] > y[j] ? x[i] - y[j] : y[j] - x[i];
            if (d < built.proximity_window) return true;
            (x[i] < y[j]) ? ++i : ++j;
        }
        return false;
    };
    // Which (document, term) pairs earn the bonus; a term counts once per near pair.
    std::map<std::string, std::vector<std::size_t>> earned;  // term → indexes into found
    for (std::size_t i = 0; i < found.size(); ++i) {
        std::fill(got.begin(), got.end(), 0);
        for (const auto& [a, b] : pairs) {
            const auto& pa = positions(found[i].did, a);
            if (pa.empty()) continue;
            const auto& pb = positions(found[i].did, b);
            if (pb.empty() || !near(pa, pb)) continue;
            earned[terms[a]].push_back(i);
            earned[terms[b]].push_back(i);
        }
    }
    std::vector<Xapian::termcount> length(found.size(), 0);
    auto length_part = [&](std::size_t i) {
        if (length[i] == 0) length[i] = length_of(db, found[i].did, lens);
        return bm25.length_part(length[i]);
    };
    // A verb with its particle ("ta över") is the nearest two words can be: a document
    // that has them together gets what the particle verb weighs as a word of its own
    // (its rarity, within-document frequency 1), times the pair's proximity_weight.
    // The term adds no weight or length to the document itself (wdf 0).
    if (!built.particle_terms.empty()) {
        std::vector<std::size_t> by_docid(found.size());
        for (std::size_t i = 0; i < found.size(); ++i) by_docid[i] = i;
        std::sort(by_docid.begin(), by_docid.end(),
                  [&](std::size_t x, std::size_t y) { return found[x].did < found[y].did; });
        for (const auto& v : built.particle_terms) {
            const double tw = bm25.term_weight(db.get_termfreq(v), 1.0);
            auto it = db.postlist_begin(v);
            const auto end = db.postlist_end(v);
            for (const std::size_t i : by_docid) {
                it.skip_to(found[i].did);
                if (it == end) break;
                if (*it != found[i].did) continue;
                found[i].weight += built.proximity_weight * bm25.sumpart(tw, 1, length_part(i));
            }
        }
    }
    // Their wdfs, from the term's posting list skipped to the documents in docid order
    // (reading each document's whole term list cost twice as much); each document's
    // length read once.
    for (auto& [t, docs_of_t] : earned) {
        const double tw = bm25.term_weight(db.get_termfreq(t), 1.0);
        std::sort(docs_of_t.begin(), docs_of_t.end(),
                  [&](std::size_t x, std::size_t y) { return found[x].did < found[y].did; });
        auto it = db.postlist_begin(t);
        const auto end = db.postlist_end(t);
        for (const std::size_t i : docs_of_t) {
            it.skip_to(found[i].did);
            if (it == end) break;
            if (*it != found[i].did) continue;
            found[i].weight +=
                built.proximity_weight * bm25.sumpart(tw, it.get_wdf(), length_part(i));
        }
    }
    // Equal weights keep the first query's order.
    std::stable_sort(found.begin(), found.end(),
                     [](const Scored& x, const Scored& y) { return x.weight > y.weight; });
}

auto Index::Impl::readers_words_in(Xapian::Database& db, const BuiltQuery& built,
                                   const std::vector<Scored>& found, Lengths* lengths) const
    -> std::unordered_map<Xapian::docid, ReadersWords> {
    std::unordered_map<Xapian::docid, ReadersWords> out;
    if (found.size() < 2 || built.reader_words.size() < 2) return out;
    const Bm25 bm25(db, bm25_params());
    Lengths own_lengths;  // when the caller keeps none: read from the ranker all the same
    Lengths& lens = lengths != nullptr ? *lengths : (own_lengths = lengths_for(db));
    const double n = bm25.doccount();
    std::vector<std::size_t> by_docid(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) by_docid[i] = i;
    std::sort(by_docid.begin(), by_docid.end(),
              [&](std::size_t x, std::size_t y) { return found[x].did < found[y].did; });
    std::vector<char> complete(found.size(), 1);
    std::vector<double> own(found.size(), 0);
    std::vector<double> length_part(found.size(), -1);
    std::vector<Xapian::termcount> met_wdf(found.size()), own_wdf(found.size());
    for (const auto& word : built.reader_words) {
        // The word's own terms first; the other ways to meet it are read only for the
        // matches without them (or for all, when the archive has the word nowhere:
        // then they weigh as the word, all there is to outrank).
        std::fill(met_wdf.begin(), met_wdf.end(), 0);
        std::fill(own_wdf.begin(), own_wdf.end(), 0);
        double met_df = 0, own_df = 0;
        auto read = [&](const std::string& t, const std::vector<std::size_t>& docs,
                        std::vector<Xapian::termcount>& wdf, double& df) {
            const double d = db.get_termfreq(t);
            if (d <= 0) return;
            df = n > 0 ? std::min(n, df + d - df * d / n) : df + d;
            auto it = db.postlist_begin(t);
            const auto end = db.postlist_end(t);
            for (const std::size_t i : docs) {
                it.skip_to(found[i].did);
                if (it == end) break;
                if (*it == found[i].did) wdf[i] += it.get_wdf();
            }
        };
        for (const auto& t : word.own) read(t, by_docid, own_wdf, own_df);
        std::vector<std::size_t> without;
        for (const std::size_t i : by_docid) {
            if (own_wdf[i] == 0 || own_df <= 0) without.push_back(i);
        }
        for (const auto& t : word.met) {
            if (without.empty()) break;
            if (std::binary_search(word.own.begin(), word.own.end(), t)) continue;
            read(t, without, met_wdf, met_df);
        }
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (own_wdf[i] == 0 && met_wdf[i] == 0) complete[i] = 0;
        }
        const bool absent = own_df <= 0;
        const double df = absent ? met_df : own_df;
        if (df <= 0) continue;
        const auto& wdf = absent ? met_wdf : own_wdf;
        const double tw = bm25.term_weight(static_cast<Xapian::doccount>(std::llround(df)), 1.0);
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (wdf[i] == 0) continue;
            if (length_part[i] < 0)
                length_part[i] = bm25.length_part(length_of(db, found[i].did, lens));
            own[i] += bm25.sumpart(tw, wdf[i], length_part[i]);
        }
    }
    for (std::size_t i = 0; i < found.size(); ++i)
        out[found[i].did] = ReadersWords{complete[i] != 0, own[i]};
    return out;
}

auto Index::Impl::keep_readers_words_first(
    const std::unordered_map<Xapian::docid, ReadersWords>& readers, std::vector<Scored>& found,
    const std::unordered_map<Xapian::docid, double>& bonus) -> void {
    if (readers.empty()) return;
    // Merge the complete and the other matches, each in its order: an incomplete match
    // goes first only if the reader's own words and its bonus outweigh the complete one.
    std::vector<std::size_t> whole, partial;
    std::vector<double> own(found.size(), 0);
    for (std::size_t i = 0; i < found.size(); ++i) {
        const auto r = readers.find(found[i].did);
        const auto b = bonus.find(found[i].did);
        own[i] =
            (r != readers.end() ? r->second.own_weight : 0) + (b != bonus.end() ? b->second : 0);
        (r == readers.end() || r->second.complete ? whole : partial).push_back(i);
    }
    if (whole.empty() || partial.empty()) return;
    std::vector<Scored> merged;
    merged.reserve(found.size());
    std::size_t a = 0, b = 0;
    while (a < whole.size() || b < partial.size()) {
        const bool take_partial =
            a == whole.size() ||
            (b < partial.size() && found[partial[b]].weight > found[whole[a]].weight &&
             own[partial[b]] > found[whole[a]].weight);
        merged.push_back(found[take_partial ? partial[b++] : whole[a++]]);
    }
    found = std::move(merged);
}

// The in-memory ranker for db's revision; null if db is older than the one held
// (a reader not yet reopened: it uses Xapian's matcher for this query).
auto Index::Impl::ranker_for(Xapian::Database& db) const -> std::shared_ptr<const Ranker> {
    const std::string uuid = db.get_uuid();
    const Xapian::rev rev = db.get_revision();
    auto usable =
        [&](const std::shared_ptr<const Ranker>& r) -> int {  // 1 yes, 0 build, -1 older db
        if (!r || r->uuid() != uuid) return 0;
        if (r->revision() == rev) return 1;
        return r->revision() < rev ? 0 : -1;
    };
    {
        std::lock_guard lock(ranker_mutex);
        const int u = usable(live_ranker);
        if (u == 1) return live_ranker;
        if (u < 0) return nullptr;
    }
    // One thread reads the documents; the others wait for it rather than read too.
    std::lock_guard build(ranker_build_mutex);
    {
        std::lock_guard lock(ranker_mutex);
        const int u = usable(live_ranker);
        if (u == 1) return live_ranker;
        if (u < 0) return nullptr;
    }
    auto fresh = std::make_shared<const Ranker>(db, bm25_params(), slot_date, slot_category,
                                                options.ranking_memory_bytes);
    std::lock_guard lock(ranker_mutex);
    live_ranker = fresh;
    return fresh;
}

// Runs `query` (`expr` as a tree) with the filters, sort and facets of `q`; fills r's
// page, total, facets. With `bonus` (relevance order only), the page is reordered by
// its proximity bonus. With `page`, the page's documents are also given there.
auto Index::Impl::match(Xapian::Database& db, const Query& q, const Xapian::Query& query,
                        const Expr& expr, const BuiltQuery* bonus, std::int64_t offset,
                        std::int64_t limit, Found& r, std::vector<Scored>* page) const -> void {
    RankRequest req;
    req.ranked = q.sort != Sort::newest;
    req.from = q.from;
    req.to = q.to;
    req.category = q.category;
    req.facets = q.with_facets;
    req.offset = static_cast<std::size_t>(offset);
    req.limit = static_cast<std::size_t>(limit);
    req.prune_min_postings = options.prune_min_postings;
    if (const auto ranked = rank_in_memory(db, expr, req)) {
        r.result.total = ranked->total;
        r.result.total_is_estimate = ranked->estimated;
        auto found = scored(*ranked);
        if (bonus != nullptr && q.sort != Sort::newest) rerank(db, *bonus, found);
        r.ids = id_weights(found);
        if (page != nullptr) *page = std::move(found);
        for (const auto& [slug, count] : ranked->facets)
            r.result.facets.push_back(Facet{slug, count});
        return;
    }
    // Phrases and prefixes: Xapian's matcher.
    Xapian::Query base = query;
    if (q.from || q.to) {
        Xapian::Query range;
        const auto lo = Xapian::sortable_serialise(static_cast<double>(q.from.value_or(0)));
        const auto hi = Xapian::sortable_serialise(static_cast<double>(q.to.value_or(0)));
        if (q.from && q.to) {
            range = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot_date, lo, hi);
        } else if (q.from) {
            range = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot_date, lo);
        } else {
            range = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot_date, hi);
        }
        base = Xapian::Query(Xapian::Query::OP_FILTER, base, range);
    }
    Xapian::Query filtered = base;
    if (!q.category.empty()) {
        filtered = Xapian::Query(Xapian::Query::OP_FILTER, base, Xapian::Query("C" + q.category));
    }
    const Xapian::doccount all = db.get_doccount();
    Xapian::Enquire enquire(db);
    enquire.set_query(filtered);
    if (q.sort == Sort::newest) {
        // Newest first reports no score, so weighting every match would be wasted.
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);  // newest first, see the top
    } else {
        enquire.set_weighting_scheme(weighting());
    }
    Xapian::ValueCountMatchSpy spy(slot_category);
    const bool separate_facets = q.with_facets && !q.category.empty();
    if (q.with_facets && !separate_facets) enquire.add_matchspy(&spy);
    // Totals and facet counts are exact up to facet_exact_matches matches;
    // beyond that Xapian stops early and both are estimates.
    const Xapian::doccount check =
        q.with_facets ? std::min<Xapian::doccount>(all, facet_exact_matches) : Xapian::doccount{0};
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(offset),
                                               static_cast<Xapian::doccount>(limit), check);
    if (separate_facets) {
        Xapian::Enquire facets(db);
        facets.set_query(base);
        facets.set_weighting_scheme(Xapian::BoolWeight());
        facets.add_matchspy(&spy);
        (void)facets.get_mset(0, 0, std::min<Xapian::doccount>(all, facet_exact_matches));
    }
    r.result.total = static_cast<std::int64_t>(mset.get_matches_estimated());
    r.result.total_is_estimate = mset.get_matches_lower_bound() != mset.get_matches_upper_bound();
    auto found = scored(mset, q.sort != Sort::newest);
    if (bonus != nullptr && q.sort != Sort::newest) rerank(db, *bonus, found);
    r.ids = id_weights(found);
    if (page != nullptr) *page = std::move(found);
    if (q.with_facets) {
        // Scale counts seen to the estimated total when the match stopped early.
        const double seen = static_cast<double>(spy.get_total());
        const double estimated =
            separate_facets ? seen : static_cast<double>(mset.get_matches_estimated());
        const double scale = seen > 0 && estimated > seen ? estimated / seen : 1.0;
        for (auto f = spy.top_values_begin(64); f != spy.top_values_end(64); ++f) {
            r.result.facets.push_back(
                Facet{*f, std::llround(static_cast<double>(f.get_termfreq()) * scale)});
        }
    }
}

auto Index::Impl::hits_from_summaries(const std::vector<std::pair<QuestionId, double>>& ranked,
                                      std::size_t n) const -> std::vector<Hit> {
    std::vector<QuestionId> ids;
    for (const auto& [id, _] : ranked) ids.push_back(id);
    const auto summaries = store.public_reads().published_summaries(ids);
    std::unordered_map<std::int64_t, double> score;
    for (const auto& [id, s] : ranked) score.emplace(id.value, s);
    std::vector<Hit> out;
    for (const auto& s : summaries) {
        if (out.size() >= n) break;
        out.push_back(Hit{s.id,
                          s.external_id,
                          s.title,
                          s.category_slug,
                          s.answered_at ? s.answered_at->utc : s.asked_at.utc,
                          score[s.id.value],
                          {}});
    }
    return out;
}

// Related questions: the question's most distinctive terms (Xapian's relevance
// feedback, ESet, over its title, question and answer), ranked by the same in-memory
// BM25 as search(), the question itself left out, and only questions that score at
// least related_floor of what the question itself scores for those terms: below
// that they share a common word or two, and no list is better than an off-topic one.
// (Measured with `search-eval --related`, docs/search.md: the title and question
// searched as a reader's query found fewer of the judged related questions.)
auto Index::Impl::related(QuestionId id, std::size_t n) const -> std::vector<Hit> {
    if (n == 0) return {};
    n = std::min<std::size_t>(n, static_cast<std::size_t>(Limits::max_limit));
    auto ranked = with_db([&](Xapian::Database& db) {
        std::vector<std::pair<QuestionId, double>> out;
        const std::string term = id_term(id);
        auto p = db.postlist_begin(term);
        if (p == db.postlist_end(term)) return out;
        const Xapian::docid self = *p;
        Xapian::RSet rset;
        rset.add_document(self);
        Xapian::Enquire enquire(db);
        struct OnlyZ : Xapian::ExpandDecider {
            bool operator()(const std::string& t) const override {
                return !t.empty() && t[0] == 'Z';
            }
        } only_z;
        // Few terms keep this cheap on large archives (it runs for every uncached
        // question page).
        const Xapian::ESet eset = enquire.get_eset(related_terms, rset, &only_z);
        std::vector<Expr> terms;
        for (auto e = eset.begin(); e != eset.end(); ++e) terms.push_back(Expr::leaf(*e));
        if (terms.empty()) return out;
        const Expr expr = Expr::of(Expr::Op::or_, std::move(terms));
        RankRequest req;
        req.limit = n + 1;
        std::vector<Scored> found;
        if (const auto in_memory = rank_in_memory(db, expr, req)) {
            found = scored(*in_memory);
        } else {
            enquire.set_query(to_xapian(expr));
            enquire.set_weighting_scheme(weighting());
            found = scored(enquire.get_mset(0, static_cast<Xapian::doccount>(n + 1)));
        }
        double self_score = 0;
        for (const auto& f : found) {
            if (f.did == self) self_score = f.weight;
        }
        if (self_score <= 0 && !found.empty()) self_score = found.front().weight;
        for (const auto& f : found) {
            if (f.did == self || f.weight < related_floor * self_score) continue;
            out.emplace_back(f.id, f.weight);
        }
        return out;
    });
    return hits_from_summaries(ranked, n);
}

auto Index::Impl::similar(std::string_view text, std::size_t n) const -> std::vector<Hit> {
    if (n == 0) return {};
    n = std::min<std::size_t>(n, static_cast<std::size_t>(Limits::max_limit));
    const std::string_view draft = text.substr(0, std::min(text.size(), Limits::max_query_bytes));
    // A draft is prose, not query syntax: every item is a plain word.
    const auto as_prose = [](ParsedQuery parsed) {
        for (auto& item : parsed.items) {
            item.exclude = false;
            if (item.kind == QueryItem::Kind::prefix) item.kind = QueryItem::Kind::word;
        }
        return parsed;
    };
    ParsedQuery parsed;
    try {
        parsed = as_prose(parse_query(draft));
    } catch (const QueryError&) {
        return {};
    }
    auto ranked = with_db([&](Xapian::Database& db) {
        std::vector<std::pair<QuestionId, double>> out;
        // A draft typed without å, ä and ö is read with them, as a query is.
        const auto restored = restore_letters(parsed, draft, analyzer, termfreq(db));
        const auto built = build_query(restored ? as_prose(parse_query(*restored)) : parsed,
                                       restored ? std::string_view(*restored) : draft, analyzer,
                                       synonyms_or_null(), Corrector{}, termfreq(db));
        if (built.query.empty()) return out;
        RankRequest req;
        req.limit = n + 5;
        std::vector<Scored> found;
        if (const auto in_memory = rank_in_memory(db, built.expr, req)) {
            found = scored(*in_memory);
        } else {
            Xapian::Enquire enquire(db);
            enquire.set_query(built.query);
            enquire.set_weighting_scheme(weighting());
            found = scored(enquire.get_mset(0, static_cast<Xapian::doccount>(n + 5)));
        }
        rerank(db, built, found);
        return id_weights(found);
    });
    return hits_from_summaries(ranked, n);
}

}  // namespace radfraga::search
