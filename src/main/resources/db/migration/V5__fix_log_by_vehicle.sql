-- Tracks, compliance reports and evidence read one vehicle's fixes over a period (issue 8): an index
-- by vehicle, then time, so they read that vehicle's rows instead of every fix of the period.
CREATE INDEX fix_log_auv_time ON fix_log (auv_id, fix_time);
