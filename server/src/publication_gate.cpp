#include "server/src/publication_gate.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "web/web.hpp"

namespace radfraga::server {

namespace {
constexpr const char* kPartNames[] = {"rubriken", "frågan", "svaret"};

// Up to ~60 bytes of context each side, cut at UTF-8 boundaries and spaces.
std::string passage_html(const std::string& text, const moderation::Finding& f) {
    auto back = [&](std::size_t i) {
        while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0u) == 0x80u)
            --i;
        return i;
    };
    std::size_t a = f.start > 60 ? back(f.start - 60) : 0;
    std::size_t b = std::min(text.size(), f.end + 60);
    b = back(b);
    if (a > 0)
        a = std::min(f.start,
                     text.find(' ', a) == std::string::npos ? f.start : text.find(' ', a) + 1);
    if (b < text.size()) {
        const auto sp = text.rfind(' ', b);
        if (sp != std::string::npos && sp >= f.end) b = sp;
    }
    std::string out = a > 0 ? "…" : "";
    out += web::escape_html(std::string_view(text).substr(a, f.start - a));
    out += "<mark class=\"pii\">" + web::escape_html(f.text) + "</mark>";
    out += web::escape_html(std::string_view(text).substr(f.end, b - f.end));
    if (b < text.size()) out += "…";
    return out;
}
}  // namespace

Gate run_gate(const moderation::Redactor& redactor, std::string title, std::string question,
              std::string answer) {
    Gate g;
    g.parts = {std::move(title), std::move(question), std::move(answer)};
    std::string all;
    for (std::size_t p = 0; p < g.parts.size(); ++p) {
        all += std::to_string(g.parts[p].size()) + ":" + g.parts[p];
        for (auto& f : redactor.find(g.parts[p]))
            if (f.confidence >= kGateConfidence) g.findings.push_back({p, std::move(f)});
    }
    const auto h = sha256(all);
    g.fingerprint = base64url_encode(std::span<const unsigned char>(h.data(), 18));
    return g;
}

boost::json::array gate_model(const Gate& gate) {
    boost::json::array a;
    for (std::size_t i = 0; i < gate.findings.size(); ++i) {
        const auto& gf = gate.findings[i];
        boost::json::object o;
        o["index"] = i;
        o["part"] = kPartNames[gf.part];
        o["passage_html"] = passage_html(gate.parts[gf.part], gf.finding);
        o["placeholder"] = std::string(moderation::placeholder(gf.finding.type));
        a.push_back(std::move(o));
    }
    return a;
}

std::optional<GateDecision> decide(const Gate& gate, const Form& form) {
    if (form.get("grind") != gate.fingerprint) return std::nullopt;
    GateDecision d;
    std::array<std::vector<moderation::Finding>, 3> remove;
    for (std::size_t i = 0; i < gate.findings.size(); ++i) {
        const auto choice = form.get("g" + std::to_string(i));
        const auto& gf = gate.findings[i];
        if (choice == "ta-bort") {
            remove[gf.part].push_back(gf.finding);
            ++d.removed;
        } else if (choice == "godta") {
            d.accepted_texts.emplace_back(gf.part, gf.finding.text);
            ++d.accepted;
        } else {
            return std::nullopt;
        }
    }
    for (std::size_t p = 0; p < d.parts.size(); ++p)
        d.parts[p] = remove[p].empty() ? gate.parts[p]
                                       : moderation::apply_findings(gate.parts[p], remove[p]);
    return d;
}

bool all_accepted(const Gate& gate, const GateDecision& decision) {
    return std::all_of(gate.findings.begin(), gate.findings.end(), [&](const GateFinding& gf) {
        return std::find(decision.accepted_texts.begin(), decision.accepted_texts.end(),
                         std::pair<std::size_t, std::string>{gf.part, gf.finding.text}) !=
               decision.accepted_texts.end();
    });
}

}  // namespace radfraga::server
