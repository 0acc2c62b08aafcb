-- Alerts held back by the minimum interval between alerts per vehicle, rule and zone
-- (deepseaguard.alerts.flapping.min-interval; docs/alerts.md, "Flapping"): one row per violation
-- transition that was not alerted at once. Written in the transaction of the batch that judged it;
-- read to rebuild, after a restart, when the last alert for a vehicle, rule and zone went out and
-- whether an open episode's closing is held too.
CREATE TABLE alert_holds (
    violation_id VARCHAR(256)             NOT NULL,
    transition   VARCHAR(32)              NOT NULL,
    auv_id       VARCHAR(64)              NOT NULL,
    rule_id      VARCHAR(128)             NOT NULL,
    zone_id      VARCHAR(128),
    event_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (violation_id, transition)
);
