-- Dead letters (messaging backbone, issue 4): every message the hub could not process, with the
-- original payload and the reason, until it is replayed. V1 created a first dead_letters table;
-- this gives it the columns the dead-letter channel and its API need. Valid for PostgreSQL 15 and
-- H2 in MODE=PostgreSQL.
ALTER TABLE dead_letters RENAME COLUMN body TO payload;
ALTER TABLE dead_letters RENAME COLUMN created_at TO received_at;
ALTER TABLE dead_letters ADD COLUMN source VARCHAR(64);
ALTER TABLE dead_letters ADD COLUMN exception_class VARCHAR(512);
-- where a replay goes (direct:telemetry-ingest for telemetry); NULL: not replayable (e.g. a timer)
ALTER TABLE dead_letters ADD COLUMN replay_endpoint VARCHAR(512);
ALTER TABLE dead_letters ADD COLUMN replayed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE dead_letters ADD COLUMN replay_count INTEGER DEFAULT 0 NOT NULL;

CREATE INDEX dead_letters_pending_idx ON dead_letters (replayed_at, id);
