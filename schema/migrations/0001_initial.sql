-- Rådfråga schema, version 1: the brief's whole model.
-- Times are Unix seconds (UTC); *_tz columns hold the local UTC offset in minutes that
-- the time was written with, so exported timestamps read exactly as they were imported.
-- Free text written by askers is stored redacted in plain columns; the unredacted
-- original only ever as AES-256-GCM ciphertext (original_ct), erased at publication or
-- at the end of the retention period.

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND length(slug) <= 64),
    name        TEXT NOT NULL,             -- Swedish display name
    description TEXT NOT NULL DEFAULT '',
    sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE experts (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('expert', 'admin')),
    password_hash   TEXT NOT NULL,          -- Argon2id encoded string
    totp_secret_ct  BLOB,                   -- encrypted TOTP key; NULL until enrolled
    totp_last_step  INTEGER NOT NULL DEFAULT 0,  -- refuses replayed codes
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);

CREATE TABLE questions (
    id              INTEGER PRIMARY KEY,
    external_id     TEXT UNIQUE,            -- id from an imported archive, e.g. "s001"
    state           TEXT NOT NULL CHECK (state IN (
                        'received', 'in_review', 'answer_draft', 'awaiting_review',
                        'published', 'declined', 'duplicate', 'withdrawn')),
    title           TEXT NOT NULL,          -- redacted title (what is published)
    body            TEXT NOT NULL,          -- redacted question (what is published)
    original_ct     BLOB,                   -- encrypted original title+body; NULL once erased
    pseudonym       TEXT NOT NULL DEFAULT 'Anonym',
    category_id     INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    receipt_hash    BLOB UNIQUE,            -- SHA-256 of the asker's receipt token
    asked_at        INTEGER NOT NULL,
    asked_tz        INTEGER NOT NULL DEFAULT 60,
    updated_at      INTEGER NOT NULL,
    published_at    INTEGER,
    erase_original_after INTEGER,           -- retention deadline for original_ct
    crisis          INTEGER NOT NULL DEFAULT 0 CHECK (crisis IN (0, 1)),
    claimed_by      INTEGER REFERENCES experts(id),
    claimed_at      INTEGER,
    handed_to       INTEGER REFERENCES experts(id),
    redactions_reviewed INTEGER NOT NULL DEFAULT 0 CHECK (redactions_reviewed IN (0, 1)),
    decline_reason  TEXT,                   -- shown to the asker when state = 'declined'
    duplicate_of    INTEGER REFERENCES questions(id) ON DELETE SET NULL,
    private_only    INTEGER NOT NULL DEFAULT 0 CHECK (private_only IN (0, 1))
);
CREATE INDEX questions_state_asked ON questions(state, asked_at);
CREATE INDEX questions_published ON questions(published_at DESC) WHERE state = 'published';
CREATE INDEX questions_category ON questions(category_id, published_at DESC);

-- Answers are versioned: an edit after publication makes a new version, and each
-- published version carries its Ed25519 signature over the canonical record.
CREATE TABLE answers (
    id              INTEGER PRIMARY KEY,
    question_id     INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL DEFAULT 1,
    state           TEXT NOT NULL CHECK (state IN (
                        'draft', 'awaiting_review', 'returned', 'published', 'private', 'superseded')),
    body            TEXT NOT NULL,          -- Markdown
    signature_name  TEXT NOT NULL DEFAULT 'Socialrådgivningen',
    author_id       INTEGER REFERENCES experts(id),
    reviewer_id     INTEGER REFERENCES experts(id),
    review_comment  TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    answered_at     INTEGER,                -- when the answer was given / published
    answered_tz     INTEGER NOT NULL DEFAULT 60,
    ed25519_sig     BLOB,
    UNIQUE (question_id, version),
    CHECK (reviewer_id IS NULL OR author_id IS NULL OR reviewer_id <> author_id)
);
CREATE INDEX answers_question ON answers(question_id, version DESC);

CREATE TABLE follow_ups (
    id              INTEGER PRIMARY KEY,
    question_id     INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    body            TEXT NOT NULL,          -- redacted
    original_ct     BLOB,
    state           TEXT NOT NULL CHECK (state IN ('received', 'answered', 'closed')),
    created_at      INTEGER NOT NULL,
    answer_body     TEXT,
    answered_by     INTEGER REFERENCES experts(id),
    answered_at     INTEGER,
    published       INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1))
);
CREATE INDEX follow_ups_question ON follow_ups(question_id, created_at);
CREATE INDEX follow_ups_open ON follow_ups(state, created_at);

-- Expert sessions. Only the SHA-256 of the session token is stored.
CREATE TABLE sessions (
    token_hash      BLOB PRIMARY KEY,
    expert_id       INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    csrf_hash       BLOB NOT NULL,
    created_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    second_factor   INTEGER NOT NULL DEFAULT 0 CHECK (second_factor IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX sessions_expert ON sessions(expert_id);

-- Append-only, hash-chained audit log: who, what, when. Never the text a redaction
-- removed. question_id is not a foreign key: the trail outlives an erased question.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    actor_kind      TEXT NOT NULL CHECK (actor_kind IN ('expert', 'asker', 'system', 'operator')),
    actor_id        INTEGER,
    question_id     INTEGER,
    action          TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',
    prev_hash       BLOB NOT NULL,
    hash            BLOB NOT NULL
);
CREATE INDEX audit_question ON audit_log(question_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- "Hjälpte svaret dig?" and "Jag har samma fråga", counted without accounts.
CREATE TABLE feedback (
    question_id     INTEGER PRIMARY KEY REFERENCES questions(id) ON DELETE CASCADE,
    helpful_yes     INTEGER NOT NULL DEFAULT 0,
    helpful_no      INTEGER NOT NULL DEFAULT 0,
    same_question   INTEGER NOT NULL DEFAULT 0
);

-- House templates for answers (opening, general terms, appeal/IVO, closing).
CREATE TABLE templates (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);

-- Search outbox: written in the same transaction as every change that affects what is
-- public; the indexer applies it in seq order and records the last applied seq in the
-- index's own metadata.
CREATE TABLE search_outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id     INTEGER NOT NULL,
    op              TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    created_at      INTEGER NOT NULL
);

-- Small key/value settings owned by the application (e.g. the audit chain head).
CREATE TABLE settings (
    key             TEXT PRIMARY KEY,
    value           TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO categories (slug, name, description, sort_order) VALUES
 ('ekonomiskt-bistand', 'Ekonomiskt bistånd', 'Försörjningsstöd, hyra, skulder och pengar till det du behöver.', 1),
 ('barn-och-familj', 'Barn och familj', 'Föräldraskap, vårdnad, orosanmälningar och stöd till barn och familjer.', 2),
 ('missbruk', 'Missbruk och beroende', 'Alkohol, narkotika, spel och stöd till dig eller någon du står nära.', 3),
 ('vald-i-nara-relationer', 'Våld i nära relationer', 'Våld, hot och kontroll, skyddat boende och hjälp att komma vidare.', 4),
 ('funktionsnedsattning', 'Funktionsnedsättning', 'LSS, personlig assistans, boende och stöd i vardagen.', 5),
 ('aldreomsorg', 'Äldreomsorg', 'Hemtjänst, särskilt boende och stöd till anhöriga.', 6),
 ('boende', 'Boende', 'Bostad, hemlöshet, vräkning och boendestöd.', 7),
 ('rattigheter-och-bemotande', 'Rättigheter och bemötande', 'Dina rättigheter, beslut, överklagande och klagomål.', 8);

INSERT INTO templates (slug, title, body, sort_order, updated_at) VALUES
 ('inledning', 'Inledning', 'Hej!

Tack för att du skriver till oss.', 1, 0),
 ('allmant', 'Vi kan bara svara allmänt', 'Vi kan bara svara allmänt och inte bedöma just ditt ärende. Den som kan ge besked i ditt ärende är din handläggare eller socialtjänsten i din kommun.', 2, 0),
 ('overklaga-ivo', 'Överklaga och IVO', 'Om du får ett beslut som du inte är nöjd med kan du överklaga det. Beslutet ska innehålla information om hur du gör. Du kan också få hjälp av din handläggare att skriva överklagandet. Om du är missnöjd med hur socialtjänsten har skött ditt ärende kan du vända dig till Inspektionen för vård och omsorg (IVO).', 3, 0),
 ('avslutning', 'Avslutning', 'Vi hoppas att svaret hjälper dig vidare. Du är välkommen att skriva igen.

Med vänliga hälsningar', 4, 0);
