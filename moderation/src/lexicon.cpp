#include "moderation/src/lexicon.hpp"

#include <hunspell/hunspell.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "moderation/src/text.hpp"

namespace radfraga::moderation::detail {

namespace {

std::string_view find_file(std::string_view name) {
    for (const auto& f : embedded_data()) {
        if (f.name == name) return f.data;
    }
    throw std::logic_error("moderation: embedded data file missing: " + std::string(name));
}

// Calls fn(line) for each non-empty, non-comment line, trimmed.
template <class Fn>
void for_each_line(std::string_view data, Fn fn) {
    while (!data.empty()) {
        auto nl = data.find('\n');
        std::string_view line = data.substr(0, nl);
        data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        if (line.empty() || line.front() == '#') continue;
        fn(line);
    }
}

// Words that carry a fixed flag; kept in code because they steer the grammar of the
// detector rather than being open-ended vocabulary.
constexpr std::string_view kParticles[] = {
    "von", "af", "van", "der", "de",  "la",  "le",  "del", "della", "di", "da",  "dos",  "das",
    "du",  "al", "el",  "bin", "ibn", "ben", "abu", "ter", "ten",   "zu", "mac", "bint", "ould"};
constexpr std::string_view kRoleCues[] = {"handläggare",
                                          "handläggaren",
                                          "handläggarn",
                                          "socialsekreterare",
                                          "socialsekreteraren",
                                          "soc-sekreterare",
                                          "kurator",
                                          "kuratorn",
                                          "rektor",
                                          "rektorn",
                                          "lärare",
                                          "läraren",
                                          "lärarinna",
                                          "mentor",
                                          "mentorn",
                                          "läkare",
                                          "läkaren",
                                          "doktor",
                                          "doktorn",
                                          "psykolog",
                                          "psykologen",
                                          "sjuksköterska",
                                          "sjuksköterskan",
                                          "ombud",
                                          "ombudet",
                                          "advokat",
                                          "advokaten",
                                          "förvaltare",
                                          "förvaltaren",
                                          "kontaktperson",
                                          "kontaktpersonen",
                                          "behandlare",
                                          "behandlaren",
                                          "biståndshandläggare",
                                          "biståndshandläggaren",
                                          "enhetschef",
                                          "enhetschefen",
                                          "chef",
                                          "chefen",
                                          "boendestödjare",
                                          "boendestödjaren",
                                          "assistent",
                                          "assistenten",
                                          "familjebehandlare",
                                          "familjebehandlaren",
                                          "utredare",
                                          "utredaren",
                                          "jurist",
                                          "juristen",
                                          "handledare",
                                          "handledaren",
                                          "samordnare",
                                          "samordnaren",
                                          "fritidsledare",
                                          "fritidsledaren",
                                          "pedagog",
                                          "pedagogen",
                                          "specialpedagog",
                                          "specialpedagogen",
                                          "tolk",
                                          "tolken",
                                          "präst",
                                          "prästen",
                                          "imam",
                                          "imamen",
                                          "polis",
                                          "polisen",
                                          "polismannen",
                                          "rådgivare",
                                          "rådgivaren",
                                          "coach",
                                          "coachen",
                                          "son",
                                          "sonen",
                                          "dotter",
                                          "dottern",
                                          "barn",
                                          "barnet",
                                          "barnbarn",
                                          "barnbarnet",
                                          "bror",
                                          "brodern",
                                          "brorsan",
                                          "brorsa",
                                          "syster",
                                          "systern",
                                          "syrran",
                                          "syrra",
                                          "mamma",
                                          "mamman",
                                          "pappa",
                                          "pappan",
                                          "mor",
                                          "modern",
                                          "far",
                                          "fadern",
                                          "morfar",
                                          "mormor",
                                          "farfar",
                                          "farmor",
                                          "farbror",
                                          "morbror",
                                          "faster",
                                          "moster",
                                          "kusin",
                                          "kusinen",
                                          "sambo",
                                          "sambon",
                                          "man",
                                          "maken",
                                          "make",
                                          "fru",
                                          "frun",
                                          "maka",
                                          "hustru",
                                          "hustrun",
                                          "pojkvän",
                                          "pojkvännen",
                                          "flickvän",
                                          "flickvännen",
                                          "kille",
                                          "killen",
                                          "tjej",
                                          "tjejen",
                                          "partner",
                                          "partnern",
                                          "ex",
                                          "exet",
                                          "exman",
                                          "exmannen",
                                          "exfru",
                                          "exfrun",
                                          "ex-sambo",
                                          "exsambo",
                                          "ex-man",
                                          "ex-fru",
                                          "särbo",
                                          "fästman",
                                          "fästmö",
                                          "styvson",
                                          "styvdotter",
                                          "styvpappa",
                                          "styvmamma",
                                          "bonusson",
                                          "bonusdotter",
                                          "bonuspappa",
                                          "bonusmamma",
                                          "bonusbarn",
                                          "svärmor",
                                          "svärfar",
                                          "svåger",
                                          "svägerska",
                                          "svärson",
                                          "svärdotter",
                                          "granne",
                                          "grannen",
                                          "grannkvinnan",
                                          "grannpojken",
                                          "grannflickan",
                                          "kompis",
                                          "kompisen",
                                          "vän",
                                          "vännen",
                                          "väninna",
                                          "väninnan",
                                          "kollega",
                                          "kollegan",
                                          "hyresvärd",
                                          "hyresvärden",
                                          "systerdotter",
                                          "systerson",
                                          "brorsdotter",
                                          "brorson",
                                          "lillebror",
                                          "storebror",
                                          "lillasyster",
                                          "storasyster",
                                          "halvbror",
                                          "halvsyster",
                                          "tvillingbror",
                                          "tvillingsyster",
                                          "tvilling",
                                          "tvillingen",
                                          "bebis",
                                          "bebisen",
                                          "sonson",
                                          "sondotter",
                                          "dotterson",
                                          "dotterdotter",
                                          "barnbarnsbarn",
                                          "fosterbarn",
                                          "fosterbarnet",
                                          "fostermamma",
                                          "fosterpappa",
                                          "klient",
                                          "klienten",
                                          "brukare",
                                          "brukaren",
                                          "elev",
                                          "eleven",
                                          "klasskompis",
                                          "klasskamrat",
                                          "farmorsmor",
                                          "gammelmormor",
                                          "gammelfarmor",
                                          "vårdnadshavare",
                                          "familjehemsmamma",
                                          "familjehemspappa",
                                          "kontaktfamilj",
                                          "dagmamma"};
constexpr std::string_view kSignoffCues[] = {
    "mvh",  "mvh/",    "hälsningar", "hälsning", "vänligen", "kram",     "kramar",
    "tack", "tacksam", "hilsen",     "regards",  "/",        "signerat", "vh",
    "mhv",  "vänliga", "bästa",      "förhand",  "hälsar",   "/mvh"};
// Also the labels of a form or a contact line ("namn: Lisa Ek", "kontakt: lisa ek").
constexpr std::string_view kNamingCues[] = {
    "heter", "hette",   "kallas",    "kallad",           "döpt",          "döptes",
    "namn",  "kontakt", "avsändare", "kontaktuppgifter", "kontaktperson:"};
constexpr std::string_view kGreetingCues[] = {"hej",  "hejsan", "hallå", "tjena", "tja",  "hejhej",
                                              "kära", "bästa",  "hei",   "hi",    "hello"};
constexpr std::string_view kSubjectVerbs[] = {
    "har",     "hade",   "är",      "var",     "säger",    "sa",      "sade",    "ringer",
    "ringde",  "bor",    "bodde",   "vill",    "ville",    "kan",     "kunde",   "ska",
    "skulle",  "får",    "fick",    "tycker",  "tyckte",   "tror",    "trodde",  "gick",
    "går",     "kom",    "kommer",  "mår",     "mådde",    "behöver", "behövde", "vägrar",
    "vägrade", "tar",    "tog",     "gör",     "gjorde",   "brukar",  "jobbar",  "jobbade",
    "hämtade", "hämtar", "skriver", "skrev",   "svarar",   "svarade", "och",     "hotar",
    "hotade",  "slog",   "slår",    "dricker", "drack",    "röker",   "fyller",  "fyllde",
    "heter",   "menar",  "sitter",  "satt",    "flyttade", "flyttar", "själv",   "som"};
constexpr std::string_view kBankLabels[] = {"konto",
                                            "kontot",
                                            "kontonr",
                                            "kontonummer",
                                            "kontonumret",
                                            "bankkonto",
                                            "bankkontot",
                                            "clearing",
                                            "clearingnr",
                                            "clearingnummer",
                                            "clearingnumret",
                                            "bankgiro",
                                            "bankgironummer",
                                            "bg",
                                            "plusgiro",
                                            "plusgironummer",
                                            "plusgirokonto",
                                            "pg",
                                            "iban",
                                            "bic",
                                            "nordea",
                                            "swedbank",
                                            "seb",
                                            "handelsbanken",
                                            "danske",
                                            "länsförsäkringar",
                                            "sparbanken",
                                            "skandiabanken",
                                            "skandia",
                                            "icabanken",
                                            "ica",
                                            "lunar",
                                            "avanza",
                                            "nordnet",
                                            "lönekonto",
                                            "lönekontot",
                                            "sparkonto",
                                            "sparkontot",
                                            "kortnummer",
                                            "bank",
                                            "banken",
                                            "kontonr.",
                                            "acc",
                                            "account",
                                            "giro",
                                            "personkonto",
                                            "handelsbankenkonto",
                                            "nordeakonto",
                                            "swedbankkonto",
                                            "sebkonto",
                                            "kto",
                                            "clnr",
                                            "clearingnummer",
                                            "kontouppgifter",
                                            "utbetalning",
                                            "utbetalningar",
                                            "sätta",
                                            "sätt",
                                            "betala",
                                            "betalas",
                                            "betalade",
                                            "överföring",
                                            "in"};
// Case labels. An invoice's OCR reference ("ocr") identifies the payer's invoice like an
// invoice number does.
constexpr std::string_view kCaseLabels[] = {"dnr",
                                            "diarienummer",
                                            "diarienr",
                                            "diarienumret",
                                            "ärendenummer",
                                            "ärendenr",
                                            "ärendenumret",
                                            "ärende",
                                            "ärendet",
                                            "ärendets",
                                            "målnummer",
                                            "målnr",
                                            "mål",
                                            "målet",
                                            "ref",
                                            "referens",
                                            "referensnummer",
                                            "referensnr",
                                            "beslutsnummer",
                                            "ärendenummret",
                                            "aktnummer",
                                            "aktnr",
                                            "journalnummer",
                                            "journalnr",
                                            "ärende-nr",
                                            "ärendeid",
                                            "ärende-id",
                                            "diarieföring",
                                            "diariefört",
                                            "diarieförd",
                                            "ärenden",
                                            "utredningsnummer",
                                            "anmälningsnummer",
                                            "beslutsnr",
                                            "ärendenumret",
                                            "case",
                                            "beteckning",
                                            "beteckningen",
                                            "målnumret",
                                            "målnummer",
                                            "anmälningsnumret",
                                            "diarienummret",
                                            "dossiernummer",
                                            "dossiernumret",
                                            "ocr",
                                            "ocr-nummer",
                                            "ocr-nr",
                                            "ocrnummer",
                                            "ocrnr"};
constexpr std::string_view kStreetWords[] = {
    "väg",    "gata",     "gränd",    "allé",      "torg",       "plan",    "backe",
    "stig",   "gång",     "park",     "kaj",       "esplanad",   "stråket", "vägen",
    "gatan",  "gränden",  "allén",    "torget",    "backen",     "stigen",  "parken",
    "kajen",  "plats",    "platsen",  "promenad",  "promenaden", "led",     "leden",
    "strand", "stranden", "tvärgata", "tvärgatan", "udde"};
// Social-media platforms and the words for an account on one.
constexpr std::string_view kPlatforms[] = {
    "snap",  "snapchat", "snapen",       "insta",          "instagram", "ig",      "tiktok",
    "kik",   "discord",  "twitter",      "twitch",         "youtube",   "threads", "telegram",
    "konto", "kontot",   "användarnamn", "användarnamnet", "snapchatt", "instan"};
// Words that name a kind of business, written before or after its proper name
// ("Pizzeria Roma", "Lindqvists Bygg AB").
constexpr std::string_view kBusinesses[] = {
    "pizzeria",    "restaurang", "grill",  "kebab",      "café",        "kafé",     "bageri",
    "konditori",   "frisör",     "salong", "hotell",     "bygg",        "rör",      "måleri",
    "städ",        "konsult",    "ab",     "hb",         "åkeri",       "svets",    "plåt",
    "livs",        "kiosk",      "pub",    "sushi",      "bilverkstad", "verkstad", "transport",
    "redovisning", "elektriska", "golv",   "entreprenad"};
constexpr std::string_view kInstitutions[] = {
    "barnsjukhus",   "sjukhus",    "sjukhuset",    "skola",   "skolan",   "gymnasium",
    "gymnasiet",     "stiftelse",  "stiftelsen",   "hus",     "huset",    "gård",
    "gården",        "minne",      "fond",         "fonden",  "park",     "parken",
    "torg",          "plats",      "väg",          "gata",    "kyrka",    "kyrkan",
    "centrum",       "mottagning", "mottagningen", "hem",     "hemmet",   "institut",
    "institutet",    "förskola",   "förskolan",    "klinik",  "kliniken", "vårdcentral",
    "vårdcentralen", "bibliotek",  "biblioteket",  "museum",  "museet",   "sjukhem",
    "äldreboende",   "boende",     "syndrom",      "sjukdom", "pris",     "priset",
    "lag",           "lagen",      "modellen",     "metoden", "dag",      "dagen",
    "barnsjukhuset"};

}  // namespace

void FlatWords::build(
    const std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>>& m,
    std::size_t slots_per_word) {
    std::size_t cap = 16;
    unsigned bits = 4;
    while (cap < m.size() * slots_per_word + 1) {
        cap <<= 1;
        ++bits;
    }
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    shift_ = 64 - bits;
    keys_.clear();
    count_ = 0;
    for (const auto& [k, f] : m) {
        if (k.size() > kMaxLen || keys_.size() >= (1u << 24))
            throw std::logic_error("moderation: word list entry too long or lists too large");
        std::uint64_t head = 0;
        std::memcpy(&head, k.data(), k.size() < 8 ? k.size() : 8);
        std::size_t i = hash<false>(k, head) >> shift_;
        while (slots_[i].len_off != kEmpty) i = (i + 1) & mask_;
        slots_[i] = Slot{head, static_cast<std::uint32_t>(keys_.size() << 8 | k.size()), f};
        keys_ += k;
        ++count_;
    }
    keys_.append(8, '\0');  // for tail_equal<true>()
}

void Lexicon::HunspellDeleter::operator()(Hunhandle* h) const noexcept {
    Hunspell_destroy(h);
}

void Lexicon::add(std::string_view word, std::uint32_t flag) {
    words_[lower(word)] |= flag;
}

Lexicon::Lexicon(const std::string& aff, const std::string& dic_path, bool require_hunspell) {
    const std::string& dic = dic_path;
    // Hunspell_create does not report a missing file; check first so the error is clear.
    const bool files_ok = std::ifstream(aff).good() && std::ifstream(dic).good();
    if (files_ok) hunspell_.reset(Hunspell_create(aff.c_str(), dic.c_str()));
    if (!hunspell_ && require_hunspell) {
        throw std::runtime_error("moderation: cannot open the Hunspell dictionary " + aff + " / " +
                                 dic + " (install hunspell-sv)");
    }
    // First: it spares Hunspell most of the listed names below.
    if (hunspell_) forms_.build(aff, dic);

    for_each_line(find_file("first_names.txt"), [&](std::string_view l) { add(l, kFirstName); });
    for_each_line(find_file("surnames.txt"), [&](std::string_view l) { add(l, kSurname); });
    for_each_line(find_file("places.txt"), [&](std::string_view l) {
        if (l.find(' ') == std::string_view::npos) add(l, kPlace);
    });
    for_each_line(find_file("non_names.txt"), [&](std::string_view l) {
        if (l.find(' ') == std::string_view::npos) {
            add(l, kNonName);
            return;
        }
        std::vector<std::string> phrase;
        std::size_t pos = 0;
        const std::string lw = lower(l);
        while (pos < lw.size()) {
            auto sp = lw.find(' ', pos);
            if (sp == std::string::npos) sp = lw.size();
            if (sp > pos) phrase.push_back(lw.substr(pos, sp - pos));
            pos = sp + 1;
        }
        if (!phrase.empty()) words_[phrase.front()] |= kPhraseStart;
        phrases_.push_back(std::move(phrase));
    });
    for (auto w : kParticles) add(w, kParticle);
    for (auto w : kRoleCues) add(w, kCueRole);
    for (auto w : kSignoffCues) add(w, kCueSignoff);
    for (auto w : kNamingCues) add(w, kCueNaming);
    for (auto w : kGreetingCues) add(w, kCueGreeting);
    for (auto w : kSubjectVerbs) add(w, kSubjectVerb);
    for (auto w : kBankLabels) add(w, kBankLabel);
    for (auto w : kCaseLabels) add(w, kCaseLabel);
    for (auto w : kStreetWords) add(w, kStreetWord);
    for (auto w : kInstitutions) add(w, kInstitution);
    for (auto w : kPlatforms) add(w, kPlatform);
    for (auto w : kBusinesses) add(w, kBusiness);
    // Names, places and street words are also typed without å/ä/ö ("Bergstrom", "Umea",
    // "vag"): each gets its folded form too, unless that form is already a word of its own.
    {
        std::vector<std::pair<std::string, std::uint32_t>> folded;
        std::string f;
        for (const auto& [word, flag] : words_) {
            const std::uint32_t keep =
                flag & (kFirstName | kSurname | kPlace | kStreetWord | kNonName | kCueRole |
                        kCueSignoff | kCueNaming | kCueGreeting | kCaseLabel | kBankLabel);
            if (keep != 0 && fold_diacritics(word, f)) folded.emplace_back(f, keep);
        }
        for (auto& [w, flag] : folded) {
            if (!words_.contains(w)) words_.emplace(std::move(w), flag);
        }
    }
    for_each_line(find_file("ambiguous_names.txt"), [&](std::string_view l) {
        if (l.front() == '!') {
            add(l.substr(1), kForceName);
        } else {
            add(l, kOrdinary);
        }
    });

    // A name that is also an ordinary Swedish word ("saga", "stig", "björn") needs
    // context; decide that once here so find() rarely touches Hunspell.
    if (hunspell_) {
        for (auto& [word, flag] : words_) {
            if ((flag & (kFirstName | kSurname)) == 0 || (flag & kForceName) != 0) continue;
            if (forms_.may_accept(word) && Hunspell_spell(hunspell_.get(), word.c_str()) != 0)
                flag |= kOrdinary;
        }
    }

    for (const auto& [word, flag] : words_) {
        if ((flag & kFirstName) != 0) ++first_names_;
        if ((flag & kSurname) != 0) ++surnames_;
    }
    // Read for every word of every text: at most an eighth full (2 MB), so that most
    // look-ups end at their first slot (fewer probes and mispredicted branches outweigh
    // the cache a smaller table would save).
    flat_.build(words_, 8);
    words_.clear();

    if (hunspell_) {
        std::ifstream dicfile(dic_path);
        std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> stems;
        std::string line;
        bool first = true;
        while (std::getline(dicfile, line)) {
            if (first) {  // the word count
                first = false;
                continue;
            }
            const auto slash = line.find('/');
            const std::string_view word = std::string_view(line).substr(0, slash);
            if (word.empty() || word.size() > 40) continue;
            if (!((word.front() >= 'a' && word.front() <= 'z') || word.starts_with("\xC3\xA5") ||
                  word.starts_with("\xC3\xA4") || word.starts_with("\xC3\xB6")))
                continue;
            if (slash != std::string::npos) {
                const std::string_view fl = std::string_view(line).substr(slash + 1);
                if (fl.find("\xC2\xA4") != std::string_view::npos ||
                    fl.find('Z') != std::string_view::npos ||
                    fl.find('%') != std::string_view::npos)
                    continue;
            }
            bool plain = true;
            for (char c : word) plain = plain && static_cast<unsigned char>(c) > ' ' && c != '\t';
            if (plain) stems.emplace(std::string(word), 1u);
        }
        stems_.build(stems);
    }

    for_each_line(find_file("public_numbers.txt"), [&](std::string_view l) {
        std::string digits;
        for (char c : l) {
            if (c == '#') break;
            if (is_ascii_digit(c)) digits.push_back(c);
        }
        if (!digits.empty()) public_numbers_.insert(digits);
    });
    for_each_line(find_file("public_domains.txt"),
                  [&](std::string_view l) { public_domains_.insert(lower(l)); });
    for_each_line(find_file("hosting_domains.txt"),
                  [&](std::string_view l) { hosting_domains_.insert(lower(l)); });
}

Lexicon::~Lexicon() = default;

namespace {
// FNV-1a over the bytes, then a finaliser, so that both the slot (bits 4-35) and the
// fingerprint (bits 36-63) depend on every byte. Extended one byte at a time by
// DictionaryForms::may_accept().
constexpr std::uint64_t kFnvBasis = 0xcbf29ce484222325ull;
inline std::uint64_t fnv_step(std::uint64_t h, char c) {
    return (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
}
inline std::uint64_t fnv_final(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
}
inline unsigned uc(char c) {
    return static_cast<unsigned char>(c);
}
}  // namespace

std::uint8_t DictionaryForms::kinds(std::uint64_t h) const {
    const auto fp = static_cast<std::uint32_t>(h >> 36);
    for (std::size_t i = (h >> 4) & mask_;; i = (i + 1) & mask_) {
        const std::uint32_t e = slots_[i];
        if (e == 0) return 0;
        if ((e >> 4) == fp) return static_cast<std::uint8_t>(e & 0xFu);
    }
}

void DictionaryForms::insert(std::uint64_t h, std::uint8_t k) {
    const auto fp = static_cast<std::uint32_t>(h >> 36);
    for (std::size_t i = (h >> 4) & mask_;; i = (i + 1) & mask_) {
        std::uint32_t& e = slots_[i];
        if (e == 0 || (e >> 4) == fp) {
            e |= fp << 4 | k;
            return;
        }
    }
}

bool DictionaryForms::build(const std::string& aff_path, const std::string& dic_path) {
    slots_.clear();
    std::ifstream aff(aff_path);
    std::ifstream dic(dic_path);
    if (!aff || !dic) return false;
    struct Suffix {
        std::string strip;
        std::string append;
        std::string continuation;  // the flags after '/'
    };
    std::array<std::vector<Suffix>, 256> suffixes;
    std::array<std::uint8_t, 256> flag_kinds{};  // what a stem or suffix flag lets a form be
    // Directives that only make Hunspell reject more or only shape its suggestions, and
    // those the reading below already grants in full: SIMPLIFIEDTRIPLE (any part whose last
    // two letters are one letter may share it with the next), FULLSTRIP (a suffix may strip
    // a whole stem), COMPOUNDPERMITFLAG and COMPOUNDMIN (every form of a stem with a
    // compound flag is a part, of any length).
    static constexpr std::string_view kKnown[] = {"TRY",
                                                  "WORDCHARS",
                                                  "NOSUGGEST",
                                                  "FORBIDDENWORD",
                                                  "NEEDAFFIX",
                                                  "COMPOUNDMIN",
                                                  "CHECKCOMPOUNDTRIPLE",
                                                  "SIMPLIFIEDTRIPLE",
                                                  "CHECKCOMPOUNDDUP",
                                                  "MAXCPDSUGS",
                                                  "MAXDIFF",
                                                  "ONLYMAXDIFF",
                                                  "NOSPLITSUGS",
                                                  "FULLSTRIP",
                                                  "FORCEUCASE",
                                                  "CHECKCOMPOUNDREP",
                                                  "COMPOUNDPERMITFLAG",
                                                  "ONLYINCOMPOUND",
                                                  "MAP",
                                                  "REP",
                                                  "KEY"};
    bool utf8 = false;
    std::string line;
    std::vector<std::string> f;
    while (std::getline(aff, line)) {
        f.clear();
        std::istringstream in(line);
        for (std::string w; in >> w;) f.push_back(std::move(w));
        if (f.empty() || f[0].front() == '#') continue;
        const std::string& d = f[0];
        if (d == "SET") {
            utf8 = f.size() > 1 && f[1] == "UTF-8";
        } else if (d == "BREAK") {
            // A pattern without letters never splits a word of letters.
            if (f.size() < 2) return false;
            for (const char c : f[1]) {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || uc(c) >= 0x80) return false;
            }
        } else if (d == "COMPOUNDBEGIN" || d == "COMPOUNDMIDDLE" || d == "COMPOUNDEND") {
            if (f.size() < 2 || f[1].size() != 1) return false;
            flag_kinds[uc(f[1][0])] |= d == "COMPOUNDBEGIN"    ? kBegin
                                       : d == "COMPOUNDMIDDLE" ? kMiddle
                                                               : kEnd;
        } else if (d == "COMPOUNDRULE") {
            // Every flag a rule names (the count line's digits too) makes a part of any
            // kind.
            if (f.size() < 2) return false;
            for (const char c : f[1]) {
                if (c == '(') return false;  // long flags in parentheses
                if (c != '*' && c != '?') flag_kinds[uc(c)] |= kBegin | kMiddle | kEnd;
            }
        } else if (d == "SFX") {
            if (f.size() < 4 || f[1].size() != 1) return false;
            if (f.size() == 4 && (f[2] == "Y" || f[2] == "N")) continue;  // the header
            if (f.size() < 5) return false;
            Suffix sx;
            sx.strip = f[2] == "0" ? "" : f[2];
            std::string app = f[3];
            if (const auto slash = app.find('/'); slash != std::string::npos) {
                sx.continuation = app.substr(slash + 1);
                app.resize(slash);
            }
            sx.append = app == "0" ? "" : app;
            suffixes[uc(f[1][0])].push_back(std::move(sx));
        } else if (std::find(std::begin(kKnown), std::end(kKnown), d) == std::end(kKnown)) {
            return false;  // PFX, FLAG, COMPOUNDFLAG, IGNORE, ICONV, CHECKSHARPS ...
        }
    }
    if (!utf8) return false;
    std::array<std::vector<std::pair<const Suffix*, std::uint8_t>>, 256> by_flag;
    for (std::size_t fl = 0; fl < 256; ++fl) {
        for (const Suffix& sx : suffixes[fl]) {
            std::uint8_t k = kWhole;
            for (const char c : sx.continuation) {
                if (!suffixes[uc(c)].empty()) return false;  // a second suffix
                k |= flag_kinds[uc(c)];
            }
            by_flag[fl].emplace_back(&sx, k);
        }
    }

    const std::string text((std::istreambuf_iterator<char>(dic)), std::istreambuf_iterator<char>());
    // Each form of each stem, given to `fn` as the kept part of the stem and the suffix's
    // letters, with its kinds: twice, once to count them (so the table is sized without
    // holding them all) and once to insert them. A word of letters ends at its flags, a
    // tab, a space or a carriage return (a longer cut only adds forms that no word of
    // letters can hold).
    auto for_each_form = [&](auto fn) {
        auto stop = [](char c) { return c == '/' || c == ' ' || c == '\t' || c == '\r'; };
        const std::size_t n = text.size();
        std::size_t i = text.find('\n');  // after the word count
        while (i < n) {
            const std::size_t a = ++i;
            while (i < n && text[i] != '\n' && !stop(text[i])) ++i;
            const std::string_view word(text.data() + a, i - a);
            std::string_view flags;
            if (i < n && text[i] == '/') {
                const std::size_t b = ++i;
                while (i < n && text[i] != '\n' && !stop(text[i])) ++i;
                flags = std::string_view(text.data() + b, i - b);
            }
            while (i < n && text[i] != '\n') ++i;
            if (word.empty()) continue;
            std::uint8_t stem_kinds = kWhole;
            for (const char c : flags) stem_kinds |= flag_kinds[uc(c)];
            fn(word, std::string_view{}, stem_kinds);
            for (const char c : flags) {
                for (const auto& [sx, k] : by_flag[uc(c)]) {
                    const std::string_view strip = sx->strip;
                    if (strip.size() > word.size() ||
                        (!strip.empty() && (strip.back() != word.back() || !word.ends_with(strip))))
                        continue;
                    fn(word.substr(0, word.size() - strip.size()), std::string_view(sx->append),
                       static_cast<std::uint8_t>(stem_kinds | k));
                }
            }
        }
    };
    std::size_t count = 0;
    for_each_form([&](std::string_view, std::string_view, std::uint8_t) { ++count; });
    std::size_t size = 1024;
    // A form is counted once per stem and suffix that give it, so a table a third larger
    // than the count is at most three quarters full (sv_SE: some 60 %).
    while (size < count + count / 3) size *= 2;
    slots_.assign(size, 0);
    mask_ = size - 1;
    for_each_form([&](std::string_view kept, std::string_view append, std::uint8_t k) {
        std::uint64_t h = kFnvBasis;
        for (const char c : kept) h = fnv_step(h, c);
        for (const char c : append) h = fnv_step(h, c);
        insert(fnv_final(h), k);
    });
    return true;
}

bool DictionaryForms::may_accept(std::string_view w) const {
    const std::size_t n = w.size();
    if (slots_.empty() || n == 0 || n >= 64) return true;
    // Letters only: any other byte may meet a BREAK pattern or Hunspell's rules for case,
    // numbers and dots.
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned c = uc(w[i]);
        if (c >= 'a' && c <= 'z') continue;
        if (c == 0xC3 && i + 1 < n) {
            const unsigned d = uc(w[i + 1]);
            if (d >= 0x9F && d <= 0xBF && d != 0xB7) {
                ++i;
                continue;
            }
        }
        return true;
    }
    auto boundary = [&](std::size_t j) { return j >= n || (uc(w[j]) & 0xC0u) != 0x80u; };
    // Bit i: parts so far end at i, so a compound may go on from there.
    std::uint64_t starts = 0;
    // After a part [i, j) whose last two letters are one letter, the next part may start at
    // its last letter (SIMPLIFIEDTRIPLE: "fall" + "lucka" written "fallucka").
    auto mark = [&](std::size_t i, std::size_t j) {
        starts |= std::uint64_t{1} << j;
        std::size_t p1 = j - 1;
        while (p1 > i && !boundary(p1)) --p1;
        if (p1 == i) return;
        std::size_t p0 = p1 - 1;
        while (p0 > i && !boundary(p0)) --p0;
        if (w.substr(p0, p1 - p0) == w.substr(p1, j - p1)) starts |= std::uint64_t{1} << p1;
    };
    std::uint64_t h = kFnvBasis;
    for (std::size_t j = 1; j <= n; ++j) {
        h = fnv_step(h, w[j - 1]);
        if (!boundary(j)) continue;
        const std::uint8_t k = kinds(fnv_final(h));
        if (j == n) {
            if ((k & kWhole) != 0) return true;
        } else if ((k & kBegin) != 0) {
            mark(0, j);
        }
    }
    for (std::size_t i = 1; i < n; ++i) {
        if (((starts >> i) & 1u) == 0) continue;
        h = kFnvBasis;
        for (std::size_t j = i + 1; j <= n; ++j) {
            h = fnv_step(h, w[j - 1]);
            if (!boundary(j)) continue;
            const std::uint8_t k = kinds(fnv_final(h));
            if (j == n) {
                if ((k & kEnd) != 0) return true;
            } else if ((k & kMiddle) != 0) {
                mark(i, j);
            }
        }
    }
    return false;
}

namespace {
struct RejectedWords {
    int scopes = 0;
    std::unordered_set<std::string, StringHash, std::equal_to<>> words;
};
thread_local RejectedWords t_rejected;
}  // namespace

Lexicon::RejectedWordsScope::RejectedWordsScope() {
    ++t_rejected.scopes;
}

Lexicon::RejectedWordsScope::~RejectedWordsScope() {
    if (--t_rejected.scopes == 0) t_rejected.words.clear();
}

bool Lexicon::remembers(std::string_view lower_word) const {
    if (t_rejected.words.contains(lower_word)) return true;
    const std::lock_guard lock(hunspell_mutex_);
    return hunspell_memo_.contains(lower_word);
}

bool Lexicon::is_ordinary(std::string_view lower_word) const {
    const auto f = flags(lower_word);
    if ((f & kOrdinary) != 0) return true;
    if ((f & kForceName) != 0) return false;
    if (!hunspell_ || lower_word.size() > 200) return false;
    if (stems_.get(lower_word) != 0) return true;
    const bool remember_rejected = t_rejected.scopes > 0;
    if (remember_rejected && t_rejected.words.contains(lower_word)) return false;
    if (!forms_.may_accept(lower_word)) {
        if (remember_rejected) t_rejected.words.emplace(lower_word);
        return false;
    }
    const std::lock_guard lock(hunspell_mutex_);
    if (const auto it = hunspell_memo_.find(lower_word); it != hunspell_memo_.end())
        return it->second;
    std::string w(lower_word);
    const bool known = Hunspell_spell(hunspell_.get(), w.c_str()) != 0;
    // Only ordinary words are remembered: a word Hunspell does not know is most often a
    // name or an address an asker typed, and it must not stay in the server's memory
    // after their text has been redacted or erased.
    if (known) {
        if (hunspell_memo_.size() >= kHunspellMemo) hunspell_memo_.clear();
        hunspell_memo_.emplace(std::move(w), true);
    } else if (remember_rejected) {
        t_rejected.words.insert(std::move(w));
    }
    return known;
}

bool Lexicon::hunspell_accepts(std::string_view lower_word) const {
    if (!hunspell_) return false;
    const std::string w(lower_word);
    const std::lock_guard lock(hunspell_mutex_);
    return Hunspell_spell(hunspell_.get(), w.c_str()) != 0;
}

bool Lexicon::suffix_in(std::string_view host,
                        const std::unordered_set<std::string, StringHash, std::equal_to<>>& set) {
    // host itself, then each parent domain: a.b.example.se -> b.example.se -> example.se
    while (!host.empty()) {
        if (set.contains(host)) return true;
        const auto dot = host.find('.');
        if (dot == std::string_view::npos) return false;
        host.remove_prefix(dot + 1);
    }
    return false;
}

bool Lexicon::is_public_domain(std::string_view host) const {
    return suffix_in(host, public_domains_);
}

bool Lexicon::is_hosting_domain(std::string_view host) const {
    // Only a subdomain of a hosting platform names a person's site (x.blogg.se), not the
    // platform itself.
    const auto dot = host.find('.');
    if (dot == std::string_view::npos) return false;
    return suffix_in(host.substr(dot + 1), hosting_domains_);
}

}  // namespace radfraga::moderation::detail
