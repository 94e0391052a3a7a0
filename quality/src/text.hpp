// Internal: the readable text of a Markdown answer, its words and its sentences.
// All functions assume well-formed UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace radfraga::quality::detail {

char32_t decode(std::string_view s, std::size_t i, std::size_t& len);
bool is_letter(char32_t cp);

// Lower-cases ASCII and Latin-1 letters (Å -> å), which keeps every byte offset.
std::string lower(std::string_view s);

// The text a reader sees, byte for byte the same length as the Markdown: markup,
// link targets, HTML tags, bare addresses and fenced code are replaced by spaces.
// block_start holds the offsets where a block (paragraph, heading, list item, quote)
// starts: no sentence runs across one.
struct PlainText {
    std::string text;
    std::vector<std::size_t> block_starts;  // ascending
};
PlainText plain_text(std::string_view markdown);

// A word: letters and digits, joined across a single inner hyphen, apostrophe or colon
// ("LSS-insats", "SoL:s", "4:1") and a period between digits or lower-case letters
// ("t.ex", "1.5").
struct Word {
    std::size_t start = 0;
    std::size_t end = 0;
    int letters = 0;
    bool has_letter = false;
    bool first_upper = false;
    bool first_digit = false;
};
std::vector<Word> words(std::string_view plain);

// Sentences as ranges of words [first, last], ended by . ! ? before a word that starts
// with a capital letter or a digit, by the end of a block, or by the end of the text.
// A period after an abbreviation that never ends a sentence ("kap.", "t.ex.") does not
// end one.
struct Sentence {
    std::size_t first = 0;
    std::size_t last = 0;  // inclusive
    std::size_t start = 0;
    std::size_t end = 0;  // after the closing punctuation when there is one
};
std::vector<Sentence> sentences(const PlainText& plain, const std::vector<Word>& words);

}  // namespace radfraga::quality::detail
