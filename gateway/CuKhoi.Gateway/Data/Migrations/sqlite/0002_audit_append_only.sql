-- The audit trail is append-only: no row is ever changed, and none younger than 30 days can
-- be deleted (the retention purge, Audit:Retention, deletes far older rows; 30 days is the
-- least it may be set to). A bug or an injected statement cannot rewrite recent history.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;

CREATE TRIGGER audit_entries_no_recent_delete BEFORE DELETE ON audit_entries
WHEN OLD.record_time > (CAST(strftime('%s', 'now') AS INTEGER) - 30 * 86400) * 1000000
BEGIN
    SELECT RAISE(ABORT, 'audit entries younger than 30 days cannot be deleted');
END;
