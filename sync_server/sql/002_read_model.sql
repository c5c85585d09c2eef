-- Per-office read models (docs/SYNC.md, "Read model"). Each office's tables live in
-- their own schema (schema_name), built by sync_server/read_model from the client's
-- schema; this table says how far each has read its office's event stream.
CREATE TABLE read_models (
    office        text PRIMARY KEY REFERENCES offices (code),
    schema_name   text NOT NULL UNIQUE,
    fingerprint   text NOT NULL,                 -- the schema and rules it was built by
    cursor        bigint NOT NULL DEFAULT 0,     -- pos of the last event read (pull order)
    applied       bigint NOT NULL DEFAULT 0,     -- events applied since the last build
    built_at      timestamptz NOT NULL DEFAULT now(),
    refreshed_at  timestamptz
);
