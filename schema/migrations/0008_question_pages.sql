-- Rendered question pages, stored with the content (issue 23): a published question's
-- public page is rendered when it is published, edited, voted on or its related list
-- changes, and served from here, so a page never requested before costs about as much
-- as a cached one. The server owns the rendering (App::update_pages); the store owns
-- the rule that a stored page never outlives what it shows.
--
-- render_key names everything outside the database the page was rendered with (the
-- templates and rendering code, the public URL, the statute table); a page under another
-- key is rendered again. valid_until is the first moment the page would read otherwise
-- with the same content (an answer turning two years old, a statute in the table coming
-- into or going out of force). related_ids is the related list the page shows, as the
-- ids joined by commas, so that a page is only kept while it matches the stored list.
CREATE TABLE question_pages (
    question_id INTEGER PRIMARY KEY REFERENCES questions(id) ON DELETE CASCADE,
    render_key  TEXT NOT NULL,
    valid_until INTEGER NOT NULL,
    related_ids TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX question_pages_valid_until ON question_pages(valid_until);

-- Questions whose page is to be rendered (again): filled by the triggers below, emptied
-- by the server as it stores the pages (Pages::put_pages). An id may be of a question
-- that is no longer published or no longer exists; it is then dropped.
CREATE TABLE question_pages_todo (
    question_id INTEGER PRIMARY KEY
);

-- Bumped by every trigger below that deletes pages, in the transaction that changes
-- something a stored page shows. A page rendered from reads that began at epoch E is
-- stored only while the epoch is still E (Pages::put_pages), so a page rendered from text
-- that was edited, withdrawn or erased meanwhile never reaches the disk.
CREATE TABLE question_pages_epoch (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL
);
INSERT INTO question_pages_epoch (id, epoch) VALUES (1, 0);

-- Privacy: with secure_delete on (store/src/sqlite.cpp) a deleted page's bytes are
-- zeroed, and these triggers delete every page that shows a question's text in the same
-- transaction that edits, unpublishes, withdraws or erases it: its own page and the
-- pages that list it among their related questions (title, excerpt, date). Each trigger
-- queues the pages it deletes, then deletes them, then moves the epoch. (Queueing checks
-- for the id instead of INSERT OR IGNORE: a trigger takes the conflict policy of the
-- statement that fired it where that statement names one.)

-- The question changed while published, or left or entered the published state.
CREATE TRIGGER question_pages_question_changed
AFTER UPDATE OF state, title, body, pseudonym, category_id, asked_at, asked_tz, published_at
ON questions
WHEN OLD.state = 'published' OR NEW.state = 'published'
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.id);
    INSERT INTO question_pages_todo (question_id)
        SELECT question_id FROM related_items WHERE related_id = NEW.id
        AND question_id NOT IN (SELECT question_id FROM question_pages_todo);
    DELETE FROM question_pages WHERE question_id = NEW.id
        OR question_id IN (SELECT question_id FROM related_items WHERE related_id = NEW.id);
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
-- The question is erased: before the foreign keys' cascades take its related items.
CREATE TRIGGER question_pages_question_erased BEFORE DELETE ON questions
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT OLD.id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = OLD.id);
    INSERT INTO question_pages_todo (question_id)
        SELECT question_id FROM related_items WHERE related_id = OLD.id
        AND question_id NOT IN (SELECT question_id FROM question_pages_todo);
    DELETE FROM question_pages WHERE question_id = OLD.id
        OR question_id IN (SELECT question_id FROM related_items WHERE related_id = OLD.id);
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;

-- Answers show on the question's page and their dates in the related lists.
CREATE TRIGGER question_pages_answer_added AFTER INSERT ON answers
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
    INSERT INTO question_pages_todo (question_id)
        SELECT question_id FROM related_items WHERE related_id = NEW.question_id
        AND question_id NOT IN (SELECT question_id FROM question_pages_todo);
    DELETE FROM question_pages WHERE question_id = NEW.question_id
        OR question_id IN (SELECT question_id FROM related_items WHERE related_id = NEW.question_id);
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_answer_changed AFTER UPDATE ON answers
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT OLD.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = OLD.question_id);
    INSERT INTO question_pages_todo (question_id)
        SELECT question_id FROM related_items WHERE related_id = OLD.question_id
        AND question_id NOT IN (SELECT question_id FROM question_pages_todo);
    DELETE FROM question_pages WHERE question_id = OLD.question_id
        OR question_id IN (SELECT question_id FROM related_items WHERE related_id = OLD.question_id);
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
    INSERT INTO question_pages_todo (question_id)
        SELECT question_id FROM related_items WHERE related_id = NEW.question_id
        AND question_id NOT IN (SELECT question_id FROM question_pages_todo);
    DELETE FROM question_pages WHERE question_id = NEW.question_id
        OR question_id IN (SELECT question_id FROM related_items WHERE related_id = NEW.question_id);
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_answer_removed BEFORE DELETE ON answers
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT OLD.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = OLD.question_id);
    INSERT INTO question_pages_todo (question_id)
        SELECT question_id FROM related_items WHERE related_id = OLD.question_id
        AND question_id NOT IN (SELECT question_id FROM question_pages_todo);
    DELETE FROM question_pages WHERE question_id = OLD.question_id
        OR question_id IN (SELECT question_id FROM related_items WHERE related_id = OLD.question_id);
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;

-- Follow-ups and votes show on the question's own page only.
CREATE TRIGGER question_pages_follow_up_added AFTER INSERT ON follow_ups
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
    DELETE FROM question_pages WHERE question_id = NEW.question_id;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_follow_up_changed AFTER UPDATE ON follow_ups
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT OLD.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = OLD.question_id);
    DELETE FROM question_pages WHERE question_id = OLD.question_id;
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
    DELETE FROM question_pages WHERE question_id = NEW.question_id;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_follow_up_removed BEFORE DELETE ON follow_ups
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT OLD.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = OLD.question_id);
    DELETE FROM question_pages WHERE question_id = OLD.question_id;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_feedback_added AFTER INSERT ON feedback
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
    DELETE FROM question_pages WHERE question_id = NEW.question_id;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_feedback_changed AFTER UPDATE ON feedback
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT OLD.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = OLD.question_id);
    DELETE FROM question_pages WHERE question_id = OLD.question_id;
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
    DELETE FROM question_pages WHERE question_id = NEW.question_id;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_feedback_removed BEFORE DELETE ON feedback
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT OLD.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = OLD.question_id);
    DELETE FROM question_pages WHERE question_id = OLD.question_id;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;

-- A related list changes: the page that shows it.
CREATE TRIGGER question_pages_related_added AFTER INSERT ON related_items
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
    DELETE FROM question_pages WHERE question_id = NEW.question_id;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_related_changed AFTER UPDATE ON related_items
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT OLD.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = OLD.question_id);
    DELETE FROM question_pages WHERE question_id = OLD.question_id;
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
    DELETE FROM question_pages WHERE question_id = NEW.question_id;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_related_removed BEFORE DELETE ON related_items
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT OLD.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = OLD.question_id);
    DELETE FROM question_pages WHERE question_id = OLD.question_id;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;

-- A list is stored or computed again (it may be empty, so no item changes): its page can
-- be rendered now. Nothing a page shows changed, so the epoch stays.
CREATE TRIGGER question_pages_list_stored AFTER INSERT ON related_lists
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
END;
CREATE TRIGGER question_pages_list_fresh AFTER UPDATE OF stale ON related_lists
WHEN OLD.stale = 1 AND NEW.stale = 0
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT NEW.question_id
        WHERE NOT EXISTS (SELECT 1 FROM question_pages_todo WHERE question_id = NEW.question_id);
END;

-- Category names show on every page of their questions and in related lists: any change
-- renders every page again.
CREATE TRIGGER question_pages_category_changed AFTER UPDATE ON categories
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT question_id FROM question_pages
        WHERE question_id NOT IN (SELECT question_id FROM question_pages_todo);
    DELETE FROM question_pages;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
CREATE TRIGGER question_pages_category_removed BEFORE DELETE ON categories
BEGIN
    INSERT INTO question_pages_todo (question_id) SELECT question_id FROM question_pages
        WHERE question_id NOT IN (SELECT question_id FROM question_pages_todo);
    DELETE FROM question_pages;
    UPDATE question_pages_epoch SET epoch = epoch + 1;
END;
