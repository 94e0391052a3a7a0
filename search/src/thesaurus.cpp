#include "search/src/thesaurus.hpp"

#include <xapian.h>
#include <cstdio>  // mythes.hxx names FILE without including it
#include <mythes.hxx>

#include <algorithm>
#include <fstream>
#include <string_view>

#include "search/search.hpp"

namespace radfraga::search::detail {

namespace {

// ISO-8859-1 is the first 256 code points of Unicode, so each byte is its code point.
std::string latin1_to_utf8(std::string_view s) {
    std::string out;
    for (const char ch : s) Xapian::Unicode::append_utf8(out, static_cast<unsigned char>(ch));
    return out;
}

// False when `s` has a code point beyond ISO-8859-1: no headword can have it. (A query's
// words are valid UTF-8; Utf8Iterator would read a stray byte as Latin-1.)
bool utf8_to_latin1(std::string_view s, std::string& out) {
    out.clear();
    for (Xapian::Utf8Iterator it(s.data(), s.size()), end; it != end; ++it) {
        if (*it > 0xFF) return false;
        out += static_cast<char>(*it);
    }
    return true;
}

// What MyThes::Lookup hands out, returned to it on every path.
class Meanings {
  public:
    Meanings(MyThes& t, const std::string& word) : t_(t) {
        n_ = t_.Lookup(word.c_str(), static_cast<int>(word.size()), &list_);
    }
    ~Meanings() {
        if (list_ != nullptr) t_.CleanUpAfterLookup(&list_, n_);
    }
    Meanings(const Meanings&) = delete;
    Meanings& operator=(const Meanings&) = delete;
    int size() const { return list_ == nullptr ? 0 : n_; }
    const mentry& operator[](int i) const { return list_[i]; }

  private:
    MyThes& t_;
    mentry* list_ = nullptr;
    int n_ = 0;
};

}  // namespace

Thesaurus::Thesaurus(const std::filesystem::path& idx, const std::filesystem::path& dat) {
    // MyThes leaves itself empty, silently, when a file is missing: check first.
    for (const auto& p : {idx, dat}) {
        std::ifstream f(p);
        if (!f) throw Error("Kan inte läsa tesaurusen " + p.string() + " (paketet mythes-sv).");
    }
    thes_ = std::make_unique<MyThes>(idx.c_str(), dat.c_str());
    const char* enc = thes_->get_th_encoding();
    if (enc == nullptr)
        throw Error("Kan inte läsa tesaurusen " + dat.string() + " (paketet mythes-sv).");
    const std::string_view e(enc);
    latin1_ = e == "ISO-8859-1" || e == "ISO8859-1" || e == "iso-8859-1";
}

Thesaurus::~Thesaurus() = default;

std::vector<std::string> Thesaurus::lookup(const std::string& word) const {
    std::string key;
    if (!latin1_) {
        key = word;
    } else if (!utf8_to_latin1(word, key)) {
        return {};
    }
    if (key.empty() || key.size() >= MAX_WD_LEN) return {};
    std::vector<std::string> out;
    const std::lock_guard lock(mutex_);
    const Meanings m(*thes_, key);
    for (int i = 0; i < m.size(); ++i) {
        for (int j = 0; j < m[i].count; ++j) {
            const char* s = m[i].psyns[j];
            if (s == nullptr || *s == '\0') continue;
            std::string syn = latin1_ ? latin1_to_utf8(s) : std::string(s);
            if (syn == word) continue;
            if (std::find(out.begin(), out.end(), syn) == out.end()) out.push_back(std::move(syn));
        }
    }
    return out;
}

}  // namespace radfraga::search::detail
