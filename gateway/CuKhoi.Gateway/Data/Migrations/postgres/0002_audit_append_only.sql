-- The audit trail is append-only: no row is ever changed, none younger than 30 days can be
-- deleted (the retention purge, Audit:Retention, deletes far older rows; 30 days is the
-- least it may be set to), and the table cannot be truncated.
CREATE FUNCTION audit_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit_entries is append-only';
    ELSIF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'audit_entries cannot be truncated';
    ELSIF OLD.record_time > (EXTRACT(EPOCH FROM now())::bigint - 30 * 86400) * 1000000 THEN
        RAISE EXCEPTION 'audit entries younger than 30 days cannot be deleted';
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER audit_entries_guard BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_guard();

CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_guard();
