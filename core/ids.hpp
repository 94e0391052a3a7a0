// Strong types for identifiers, so a question id cannot be passed where an expert id
// is expected. Ids are the SQLite rowids of their tables.
#pragma once
#include <compare>
#include <cstdint>
#include <functional>

namespace radfraga {

template <class Tag>
struct Id {
    std::int64_t value = 0;
    constexpr Id() = default;
    constexpr explicit Id(std::int64_t v) : value(v) {}
    constexpr auto operator<=>(const Id&) const = default;
};

using QuestionId = Id<struct QuestionTag>;
using AnswerId = Id<struct AnswerTag>;
using FollowUpId = Id<struct FollowUpTag>;
using ExpertId = Id<struct ExpertTag>;
using CategoryId = Id<struct CategoryTag>;

}  // namespace radfraga

template <class Tag>
struct std::hash<radfraga::Id<Tag>> {
    std::size_t operator()(const radfraga::Id<Tag>& id) const noexcept {
        return std::hash<std::int64_t>{}(id.value);
    }
};
