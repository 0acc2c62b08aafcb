-- When a warning batch completed: in cluster mode an instance recovers (sends again) only the
-- completed batches older than a grace period, never one another instance is sending right now.
ALTER TABLE warning_batches_completed ADD COLUMN completed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
