// A general Swedish thesaurus (LibreOffice's, Debian package mythes-sv, read with
// libmythes): words the domain vocabulary (search/data/synonyms.txt) does not hold, such
// as everyday and slang words ("stålar", "knega", "snuten"), and what else they are
// called. It is broad and lists every sense of a word ("slå": "vinna", "spöa"), so the
// query uses it only for a word the archive never writes (Synonyms::thesaurus_match).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

class MyThes;

namespace radfraga::search::detail {

class Thesaurus {
  public:
    // Reads the index (the headwords) and opens the data file. Throws Error (in Swedish,
    // naming the package) when either cannot be read.
    Thesaurus(const std::filesystem::path& idx, const std::filesystem::path& dat);
    ~Thesaurus();
    Thesaurus(const Thesaurus&) = delete;
    Thesaurus& operator=(const Thesaurus&) = delete;

    // The synonyms of every sense of `word` (UTF-8, as the headword is written: a base
    // form, lower case), in UTF-8 and in the thesaurus's order, each once; empty when the
    // thesaurus does not have the word. Thread-safe (MyThes reads one shared FILE).
    std::vector<std::string> lookup(const std::string& word) const;

  private:
    mutable std::mutex mutex_;
    std::unique_ptr<MyThes> thes_;
    bool latin1_ = false;  // the data's encoding: ISO-8859-1, else UTF-8
};

}  // namespace radfraga::search::detail
