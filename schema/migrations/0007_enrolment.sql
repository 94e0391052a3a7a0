-- One-time enrolment links (issue 24, item 2). `radfraga user add` and `user reset` leave
-- the account without a usable password (password_hash '') and without a TOTP key, and
-- print a link /expert/valkommen/<token> where the expert chooses a password and enrols
-- TOTP. Only the token's SHA-256 is stored. A link is valid until expires_at (72 hours
-- after it was made), is used once (the row is deleted in the transaction that sets the
-- password), and a new link for an account replaces its old one.
CREATE TABLE enrolment_tokens (
    token_hash  BLOB PRIMARY KEY,
    expert_id   INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX enrolment_tokens_expert ON enrolment_tokens(expert_id);

-- Before this version, whoever first logged in with the password the operator chose
-- enrolled TOTP. An account that has not enrolled yet loses that password: the operator
-- runs `radfraga user reset USERNAME` and gives the expert the link it prints.
UPDATE experts SET password_hash = '' WHERE totp_secret_ct IS NULL;
