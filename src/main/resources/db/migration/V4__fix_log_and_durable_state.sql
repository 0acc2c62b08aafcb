-- The durable fix log (issue 7): every fix the hub took (applied in order, or late), once, unique by
-- vehicle and event time. A fix already here is a duplicate at any age. It is the vehicles' position
-- history that tracks, reports and evidence read; rows older than deepseaguard.fix-log.retention
-- (default 90 days, by event time) are deleted by a daily job.
CREATE TABLE fix_log (
    auv_id      VARCHAR(64)              NOT NULL,
    fix_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    latitude    DOUBLE PRECISION         NOT NULL,
    longitude   DOUBLE PRECISION         NOT NULL,
    depth       DOUBLE PRECISION         NOT NULL,
    heading     DOUBLE PRECISION,
    speed       DOUBLE PRECISION,
    battery     DOUBLE PRECISION,
    mission_id  VARCHAR(128),
    late        BOOLEAN                  NOT NULL,
    source      VARCHAR(64),
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (auv_id, fix_time)
);
CREATE INDEX fix_log_time_idx ON fix_log (fix_time);

-- late fixes are in fix_log now (late = true); table late_fixes is no longer written and is kept
-- only for the late fixes archived before this version

-- each vehicle's state, written in the same transaction as the results of the batch that made it,
-- so a crash at any moment restarts from exactly the state of the last committed batch
ALTER TABLE vehicle_state_snapshots RENAME TO vehicle_states;
