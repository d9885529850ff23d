-- The retention purge deletes by age (Idempotency:Retention, 24 h by default).
CREATE INDEX idempotency_keys_by_time ON idempotency_keys (create_time);
