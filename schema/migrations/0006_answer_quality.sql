-- Issue 22: did the asker understand the answer, and what do people look for and not find.
--
-- understood: one vote per receipt (a receipt belongs to one question), changeable; the
-- optional comment is stored redacted (the caller runs the redactor) and is only ever
-- shown on the operators' dashboard. It goes with its question when the question is
-- erased.
CREATE TABLE understood (
    question_id INTEGER PRIMARY KEY REFERENCES questions(id) ON DELETE CASCADE,
    answer      TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no')),
    comment     TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 500),
    voted_at    INTEGER NOT NULL,   -- first vote
    changed_at  INTEGER NOT NULL    -- last change
);

-- search_gaps: searches that found nothing, counted per normalised query term and
-- Stockholm day. No link to any person, session or address: only the term, the day and
-- the count.
CREATE TABLE search_gaps (
    term  TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 200),
    day   TEXT NOT NULL,            -- "YYYY-MM-DD", Europe/Stockholm
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (term, day)
) WITHOUT ROWID;
CREATE INDEX search_gaps_day ON search_gaps (day);
