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
    -- time first: fixes arrive roughly in time order, so a batch's inserts land at the end of the
    -- index instead of on one page per vehicle (H2 rewrites every page a commit touches)
    PRIMARY KEY (fix_time, auv_id)
);

-- late fixes are in fix_log now (late = true); table late_fixes is no longer written and is kept
-- only for the late fixes archived before this version

-- Each vehicle's state is rebuilt from these tables at start, exactly as the last committed batch
-- left it: the last fix and its arrival time are the fix_log row at tracked_vehicles.last_fix_time,
-- the zones it is in are vehicle_zones (written with the entry and exit events), its open episodes
-- are the open rows of violations (kept as the engine holds them). Nothing bigger than a fix is
-- written per fix.
CREATE TABLE tracked_vehicles (
    auv_id        VARCHAR(64)              NOT NULL PRIMARY KEY,
    first_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_fix_time TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE vehicle_zones (
    auv_id     VARCHAR(64)              NOT NULL,
    zone_id    VARCHAR(128)             NOT NULL,
    entry_time TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (auv_id, zone_id)
);

CREATE INDEX violations_status_idx ON violations (status);

-- the shutdown snapshot of the in-memory store (V3) is replaced by the above
DROP TABLE vehicle_state_snapshots;
