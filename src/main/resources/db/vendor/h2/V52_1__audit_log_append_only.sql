-- audit_log is append-only: UPDATE and DELETE are refused (docs/audit.md). H2 fires no trigger on
-- TRUNCATE TABLE; whoever can drop this trigger can edit rows, which the hash chain then shows.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE, DELETE ON audit_log
    FOR EACH ROW CALL 'org.deepseaguard.hub.store.AppendOnlyTrigger';
