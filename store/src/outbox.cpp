// The search outbox and index documents (store/outbox.hpp).
#include "store/outbox.hpp"

#include "store/src/store_impl.hpp"

namespace radfraga::store {

std::int64_t Outbox::outbox_head() const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT coalesce(max(seq), 0) FROM search_outbox");
    return st.step() ? st.int64(0) : 0;
}

std::vector<OutboxEntry> Outbox::outbox_after(std::int64_t seq, std::int64_t limit) const {
    Impl::Reader r(*impl_);
    Statement st(
        *r, "SELECT seq, question_id, op FROM search_outbox WHERE seq > ? ORDER BY seq LIMIT ?");
    st.bind(1, seq).bind(2, limit);
    std::vector<OutboxEntry> out;
    while (st.step())
        out.push_back(
            {st.int64("seq"), QuestionId{st.int64("question_id")}, st.text("op") == "delete"});
    return out;
}

namespace {
constexpr const char* kIndexDocColumns =
    "SELECT q.id, q.external_id, q.title, q.body, a.body AS answer, "
    "coalesce(c.slug, '') AS category_slug, "
    "coalesce(a.answered_at, q.published_at, q.asked_at) AS published_at "
    "FROM questions q LEFT JOIN categories c ON c.id = q.category_id "
    "JOIN answers a ON a.question_id = q.id AND a.state = 'published' "
    "AND a.version = (SELECT max(version) FROM answers WHERE question_id = q.id AND state = "
    "'published') "
    "WHERE q.state = 'published' ";
IndexDoc read_index_doc(const Statement& st) {
    return IndexDoc{QuestionId{st.int64("id")}, st.opt_text("external_id"),
                    st.text("title"),           st.text("body"),
                    st.text("answer"),          st.text("category_slug"),
                    st.int64("published_at")};
}
}  // namespace

std::vector<IndexDoc> Outbox::index_docs(std::span<const QuestionId> ids) const {
    Impl::Reader r(*impl_);
    return rows_by_id(*r, std::string(kIndexDocColumns) + "AND q.id = ?", ids, read_index_doc);
}

void Outbox::for_each_index_doc(const std::function<void(const IndexDoc&)>& fn) const {
    Impl::Reader r(*impl_);
    Statement st(*r, std::string(kIndexDocColumns) + "ORDER BY q.id");
    while (st.step()) fn(read_index_doc(st));
}
}  // namespace radfraga::store
