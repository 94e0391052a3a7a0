-- Related-question lists, stored with the content so that a restart serves complete
-- question pages at once (issue 23). The server computes a published question's list
-- with the search index when the question is published or edited, when a question in
-- its list changes, and when the ranking version changes; it reads every list at start.
--
-- related_lists holds one row per published question whose list has been computed
-- (a list may be empty). ranking_version is the search module's ranking version the list
-- was computed with; stale = 1 marks a list to compute again (a question in it was
-- edited, withdrawn or erased).
CREATE TABLE related_lists (
    question_id     INTEGER PRIMARY KEY REFERENCES questions(id) ON DELETE CASCADE,
    ranking_version INTEGER NOT NULL,
    stale           INTEGER NOT NULL DEFAULT 0 CHECK (stale IN (0, 1)),
    computed_at     INTEGER NOT NULL
);
CREATE INDEX related_lists_stale ON related_lists(question_id) WHERE stale = 1;

-- The list itself: related_id at 0-based position in question_id's list. Only published
-- questions: the store filters ids when a list is written, and the triggers below take a
-- question out of every list in the same transaction that withdraws, unpublishes or
-- erases it, so its id (and so its title) never reaches another question's page.
CREATE TABLE related_items (
    question_id     INTEGER NOT NULL REFERENCES related_lists(question_id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    related_id      INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, position)
) WITHOUT ROWID;
CREATE INDEX related_items_related ON related_items(related_id);

-- A question leaves the published state: the lists that showed it are marked stale and
-- lose it, and its own list goes.
CREATE TRIGGER related_unpublished AFTER UPDATE OF state ON questions
WHEN OLD.state = 'published' AND NEW.state <> 'published'
BEGIN
    UPDATE related_lists SET stale = 1
     WHERE question_id IN (SELECT question_id FROM related_items WHERE related_id = OLD.id);
    DELETE FROM related_items WHERE related_id = OLD.id;
    DELETE FROM related_lists WHERE question_id = OLD.id;
END;

-- A question is erased (deleted): the same, before the foreign keys' cascades.
CREATE TRIGGER related_erased BEFORE DELETE ON questions
BEGIN
    UPDATE related_lists SET stale = 1
     WHERE question_id IN (SELECT question_id FROM related_items WHERE related_id = OLD.id);
    DELETE FROM related_items WHERE related_id = OLD.id;
    DELETE FROM related_lists WHERE question_id = OLD.id;
END;
