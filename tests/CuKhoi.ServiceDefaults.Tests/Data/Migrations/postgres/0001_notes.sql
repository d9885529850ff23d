-- Test migrations, embedded like a service's: the runner must apply them in order.
CREATE TABLE notes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text        TEXT   NOT NULL,
    text_folded TEXT   NOT NULL DEFAULT ''
);
