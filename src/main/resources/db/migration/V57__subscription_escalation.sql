-- issue 11, escalation: where a critical alert of this subscription goes again when nobody
-- acknowledged its violation within deepseaguard.alerts.escalation.delay (same channel; NULL: none)
ALTER TABLE alert_subscriptions ADD COLUMN escalation_target VARCHAR(2048);
