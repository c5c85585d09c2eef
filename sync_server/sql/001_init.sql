-- The sync server's first schema (docs/SYNC.md). Applied once, in one transaction.
CREATE TABLE offices (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    agency      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
    id            text PRIMARY KEY,
    office        text NOT NULL REFERENCES offices (code),
    label         text NOT NULL DEFAULT '',
    secret_hash   text NOT NULL UNIQUE,          -- sha256 hex of the bearer secret
    enrolled_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    acked_seq     bigint NOT NULL DEFAULT 0,     -- last device_seq stored (gap-free)
    last_hash     text NOT NULL DEFAULT '',      -- chain hash of that event ('' = genesis)
    last_push_at  timestamptz,
    last_pull_at  timestamptz,
    pull_cursor   bigint NOT NULL DEFAULT 0      -- the cursor of its last pull, for `devices`
);
CREATE INDEX devices_office ON devices (office);

CREATE TABLE enroll_codes (
    code_hash   text PRIMARY KEY,                -- sha256 hex of the one-time code
    office      text NOT NULL REFERENCES offices (code),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    used_by     text REFERENCES devices (id)
);

CREATE TABLE events (
    pos             bigserial PRIMARY KEY,
    xid             xid8 NOT NULL DEFAULT pg_current_xact_id(),
    id              text NOT NULL UNIQUE,
    device_id       text NOT NULL REFERENCES devices (id),
    device_seq      bigint NOT NULL,
    hlc             text NOT NULL,
    officer_id      text NOT NULL,
    entity          text NOT NULL,
    entity_id       text NOT NULL,
    type            text NOT NULL,
    schema_version  integer NOT NULL,
    payload         jsonb NOT NULL,
    recorded_at     text NOT NULL,
    prev_hash       text NOT NULL,
    hash            text NOT NULL,
    office          text NOT NULL REFERENCES offices (code),
    quarantined     text,                          -- reason, or NULL when the event is fine
    received_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (device_id, device_seq)
);
-- Pull walks one office in (xid, pos) order.
CREATE INDEX events_office_xid_pos ON events (office, xid, pos);
CREATE INDEX events_quarantined ON events (office) WHERE quarantined IS NOT NULL;

CREATE TABLE chain_breaks (
    id        bigserial PRIMARY KEY,
    device    text NOT NULL REFERENCES devices (id),
    seq       bigint NOT NULL,
    reason    text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chain_breaks_device ON chain_breaks (device);
