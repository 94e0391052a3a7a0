-- Four eyes by authorship: every expert who wrote text into an answer (saved a draft of
-- it, or submitted it for review), not only the last one (answers.author_id). No one in
-- this table for any version of a question's answer may review or publish it.
CREATE TABLE answer_authors (
    answer_id   INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    expert_id   INTEGER NOT NULL REFERENCES experts(id),
    PRIMARY KEY (answer_id, expert_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO answer_authors (answer_id, expert_id)
    SELECT id, author_id FROM answers WHERE author_id IS NOT NULL;
