-- who acknowledged a violation episode, when, with what note (one row per episode: the first
-- acknowledgement stands; a repeated one changes nothing)
CREATE TABLE violation_acknowledgements (
    violation_id    VARCHAR(256)             NOT NULL PRIMARY KEY,
    acknowledged_at TIMESTAMP WITH TIME ZONE NOT NULL,
    acknowledged_by VARCHAR(128)             NOT NULL,
    role            VARCHAR(16)              NOT NULL,
    note            TEXT
);
