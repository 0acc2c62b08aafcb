-- Alert delivery an operations centre can trust (issue 11; docs/alerts.md, docs/messaging.md
-- "Alert outbox"). One script for PostgreSQL 15 and H2 in MODE=PostgreSQL.

-- who is told what: subscriptions are data (API, a YAML file read at start, or the legacy
-- deepseaguard.alerts.webhooks / email settings turned into subscriptions at start: origin)
CREATE TABLE alert_subscriptions (
    subscription_id  VARCHAR(128)             NOT NULL PRIMARY KEY,
    channel          VARCHAR(16)              NOT NULL,   -- webhook | email
    target           VARCHAR(2048)            NOT NULL,   -- the URL, or the email address
    secret_encrypted TEXT,                                -- AES-GCM (SecretBox), never returned; NULL: none
    min_severity     VARCHAR(16)              NOT NULL,   -- critical | warning | info
    rule_types       TEXT                     NOT NULL,   -- JSON arrays of strings; [] = any
    zone_types       TEXT                     NOT NULL,
    zone_ids         TEXT                     NOT NULL,
    auv_ids          TEXT                     NOT NULL,
    mode             VARCHAR(16)              NOT NULL,   -- immediate | digest
    origin           VARCHAR(16)              NOT NULL,   -- api | file | config
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the outbox: one row per delivery an alert needs, written in the transaction of the change that
-- causes it; delivery_id is deterministic (a name-based UUID), sent with every attempt
CREATE TABLE alert_deliveries (
    delivery_id     VARCHAR(36)              NOT NULL PRIMARY KEY,
    kind            VARCHAR(32)              NOT NULL,    -- critical | digest (room for escalation, ...)
    transition      VARCHAR(32)              NOT NULL,    -- violation_opened | violation_closed | warning_digest
    subscription_id VARCHAR(128)             NOT NULL,
    channel         VARCHAR(16)              NOT NULL,
    target          VARCHAR(2048)            NOT NULL,
    payload         TEXT                     NOT NULL,    -- the alert JSON, the same bytes on every attempt
    status          VARCHAR(16)              NOT NULL,    -- pending | delivered | failed
    attempts        INTEGER                  NOT NULL,    -- attempts made so far
    round_start     INTEGER                  NOT NULL,    -- attempts before the current round (a replay starts a new one)
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by      VARCHAR(64),                          -- the hub instance sending the current attempt
    claimed_until   TIMESTAMP WITH TIME ZONE,             -- after this the claim may be taken over
    finished_at     TIMESTAMP WITH TIME ZONE
);

CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (status, next_attempt_at);

-- which violations a delivery is about (one for a critical alert, every one listed in a digest)
CREATE TABLE alert_delivery_violations (
    delivery_id  VARCHAR(36)  NOT NULL,
    violation_id VARCHAR(256) NOT NULL,
    PRIMARY KEY (delivery_id, violation_id)
);

CREATE INDEX alert_delivery_violations_violation_idx ON alert_delivery_violations (violation_id);

-- every attempt: when, how it went, the HTTP status or the reason
CREATE TABLE alert_delivery_attempts (
    delivery_id VARCHAR(36)              NOT NULL,
    attempt     INTEGER                  NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome     VARCHAR(16)              NOT NULL,        -- delivered | failed
    status_code INTEGER,
    reason      VARCHAR(2048),
    PRIMARY KEY (delivery_id, attempt)
);
