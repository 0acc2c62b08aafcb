-- Versioned vehicle registrations (issue 10): like zones and rules, a registration has a version
-- (1, +1 on every change) and every version is kept, so a violation judged by a registration
-- (unauthorized_entry: the vehicle's contracts) can name the one it was judged by. Valid for
-- PostgreSQL 15 and H2 in MODE=PostgreSQL.
ALTER TABLE vehicles ADD COLUMN version INTEGER DEFAULT 1 NOT NULL;

-- every version of every registration, as it was (vehicles are never deleted)
CREATE TABLE vehicle_versions (
    auv_id        VARCHAR(64)              NOT NULL,
    version       INTEGER                  NOT NULL,
    change_type   VARCHAR(16)              NOT NULL,
    name          VARCHAR(256),
    operator      VARCHAR(256),
    contract_ids  TEXT                     NOT NULL,
    max_speed_mps DOUBLE PRECISION,
    max_depth     DOUBLE PRECISION,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (auv_id, version)
);

-- the registrations stored before this version are their version 1
INSERT INTO vehicle_versions (auv_id, version, change_type, name, operator, contract_ids, max_speed_mps, max_depth,
                              changed_at)
SELECT auv_id, 1, 'created', name, operator, contract_ids, max_speed_mps, max_depth, updated_at FROM vehicles;

-- the registration version an unauthorized_entry violation was judged by; NULL for other rule types,
-- unregistered vehicles and violations recorded before this version
ALTER TABLE violations ADD COLUMN registration_version INTEGER;
