// Crisis triage in the web pages: what a question's triage (moderation/triage.hpp) means
// for the asker (helplines for the kind of danger, at the top of the receipt) and for the
// expert (the kind named in the queue, the words behind the flag marked in the text).
// A flag is a prompt for a person, never a decision.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "moderation/triage.hpp"

namespace radfraga::server {

// The categories of a result as stored: comma-separated names ("suicide,child").
std::string category_list(const moderation::TriageResult& r);

// Swedish names for a stored list, comma-separated: "självmord, barn i fara".
std::string swedish_categories(std::string_view list);

// The helplines for a crisis with these stored categories, for the _helplines template:
// {"suicide": true, "violence": ..., "child": ..., "acute_need": ..., "emergency": true}.
// Self-evident choices: Självmordslinjen and 112 for suicide, Kvinnofridslinjen for
// violence and sexual violence, BRIS for children, socialjouren and 112 for acute need.
// A crisis without categories (flagged before triage had them) gets every line.
boost::json::object helplines(std::string_view list);

// `text` as HTML paragraphs (like web::text_to_html) with each signal in a
// <mark class="crisis">, its category named after it. Signals must be sorted,
// non-overlapping and inside the text, as Triage returns them.
std::string mark_signals(std::string_view text, const std::vector<moderation::Signal>& signals);

}  // namespace radfraga::server
