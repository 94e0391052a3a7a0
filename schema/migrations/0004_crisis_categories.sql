-- Crisis triage (moderation/triage.hpp) names the kind of danger a question signals.
-- crisis_categories is a comma-separated list of category names (suicide, violence,
-- child, sexual, acute_need), '' when none. It orders the experts' queue and chooses the
-- helplines on the asker's receipt page. A follow-up is triaged too: its own flag is
-- kept on the follow-up, and a crisis in it raises its question's flag and categories.
ALTER TABLE questions ADD COLUMN crisis_categories TEXT NOT NULL DEFAULT '';
ALTER TABLE follow_ups ADD COLUMN crisis INTEGER NOT NULL DEFAULT 0 CHECK (crisis IN (0, 1));
ALTER TABLE follow_ups ADD COLUMN crisis_categories TEXT NOT NULL DEFAULT '';
