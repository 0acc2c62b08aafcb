-- The append-only, hash-chained audit log (issue 10; docs/audit.md). One script for PostgreSQL 15
-- and H2 in MODE=PostgreSQL; the trigger that refuses UPDATE, DELETE (and, on PostgreSQL, TRUNCATE)
-- is vendor SQL in db/vendor/{h2,postgresql}/V52_1__audit_log_append_only.sql.
--
-- entry_sha256 = SHA-256 (lower-case hex) of the UTF-8 string
--   seq|recorded_at|actor|actor_role|kind|payload_sha256|prev_sha256
-- recorded_at as uuuu-MM-ddTHH:mm:ss.SSSSSSZ (UTC, six fraction digits); payload_sha256 = SHA-256
-- of payload's UTF-8 bytes; prev_sha256 = entry_sha256 of entry seq - 1 (64 zeros for seq 1).
CREATE TABLE audit_log (
    seq            BIGINT                   NOT NULL PRIMARY KEY,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    actor          VARCHAR(256)             NOT NULL,
    actor_role     VARCHAR(16)              NOT NULL,
    kind           VARCHAR(64)              NOT NULL,
    payload        TEXT                     NOT NULL,
    payload_sha256 CHAR(64)                 NOT NULL,
    prev_sha256    CHAR(64)                 NOT NULL,
    entry_sha256   CHAR(64)                 NOT NULL
);

CREATE INDEX audit_log_recorded_at_idx ON audit_log (recorded_at, seq);
CREATE INDEX audit_log_kind_idx ON audit_log (kind, seq);

-- the head of the chain: one row, locked (SELECT ... FOR UPDATE) by every appending transaction,
-- so appends of all transactions and all hub instances form one chain
CREATE TABLE audit_head (
    id               INTEGER                  NOT NULL PRIMARY KEY,
    last_seq         BIGINT                   NOT NULL,
    last_sha256      CHAR(64)                 NOT NULL,
    last_recorded_at TIMESTAMP WITH TIME ZONE
);

INSERT INTO audit_head (id, last_seq, last_sha256, last_recorded_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL);
