-- Snapshot of the in-memory vehicle state store (embedded profile), written at shutdown and read at
-- startup, so a graceful restart resumes entry times and open episodes. Redis replaces it in `stack`.
CREATE TABLE vehicle_state_snapshots (
    auv_id   VARCHAR(64)              NOT NULL PRIMARY KEY,
    state    TEXT                     NOT NULL,
    saved_at TIMESTAMP WITH TIME ZONE NOT NULL
);
