-- Leaders (docs/SYNC.md, "Reports across offices"): people who read the reports of a
-- set of offices over HTTP (GET /v1/reports/...), with a bearer token of their own —
-- never a device's secret, and a leader's token opens nothing but the reports. Only
-- the token's SHA-256 is kept. all_offices: every office, including offices added later.
CREATE TABLE leaders (
    id           text PRIMARY KEY,
    name         text NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    all_offices  boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE TABLE leader_offices (
    leader  text NOT NULL REFERENCES leaders (id) ON DELETE CASCADE,
    office  text NOT NULL REFERENCES offices (code),
    PRIMARY KEY (leader, office)
);
