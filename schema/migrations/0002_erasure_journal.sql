-- How far this database reflects the data folder's erasure journal (radfraga.db-erasures,
-- beside the database file): the number of journal entries already applied. A backup
-- restored from before an erasure has a smaller number, so the store erases again, at
-- open, what was erased after the backup was made (store/src/erasure_journal.hpp).
CREATE TABLE erasure_journal_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    applied INTEGER NOT NULL
);
INSERT INTO erasure_journal_state (id, applied) VALUES (1, 0);
