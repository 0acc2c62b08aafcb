-- Dead letters that cannot fail on content, and replays that claim their row (issue 9, parts 5 and 7).
-- Valid for PostgreSQL 15 and H2 in MODE=PostgreSQL.
--
-- payload keeps the payload as readable text, cleaned of what a text column refuses (U+0000,
-- invalid UTF-8) and cut at deepseaguard.dead-letter.max-payload-chars. Whenever that text is not
-- exactly what arrived, payload_base64 holds the ORIGINAL bytes (base64), so a replay sends them
-- unchanged; payload_note says what was cleaned or cut (NULL when the text is exact).
ALTER TABLE dead_letters ADD COLUMN payload_base64 TEXT;
ALTER TABLE dead_letters ADD COLUMN payload_truncated BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE dead_letters ADD COLUMN payload_note VARCHAR(1024);
-- size of the original payload in bytes (NULL for rows parked before V51)
ALTER TABLE dead_letters ADD COLUMN payload_size BIGINT;
-- set while one replay holds the row (UPDATE ... WHERE replay_claimed_at IS NULL), cleared when it ends
ALTER TABLE dead_letters ADD COLUMN replay_claimed_at TIMESTAMP WITH TIME ZONE;
