-- Exit hysteresis (deepseaguard.engine.hysteresis): a zone the vehicle is still taken to be in while
-- its fixes are outside it keeps its vehicle_zones row, with the pending exit: when the first fix
-- outside was (the zone_exit is dated and placed there once confirmed), where, and how many
-- consecutive applied fixes have been outside since. All null while no exit is pending.
ALTER TABLE vehicle_zones ADD COLUMN exit_outside_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE vehicle_zones ADD COLUMN exit_latitude DOUBLE PRECISION;
ALTER TABLE vehicle_zones ADD COLUMN exit_longitude DOUBLE PRECISION;
ALTER TABLE vehicle_zones ADD COLUMN exit_depth DOUBLE PRECISION;
ALTER TABLE vehicle_zones ADD COLUMN exit_fixes_outside INTEGER;
