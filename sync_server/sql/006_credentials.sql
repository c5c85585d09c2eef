-- Officers' password hashes, beside the event log (docs/SECURITY.md, "Password hashes"):
-- the events name a hash by its digest; the hash itself travels here, newest only per
-- officer (the hlc of the event that set it), so an older password is not kept.
CREATE TABLE credentials (
    office text NOT NULL REFERENCES offices (code),
    officer_id text NOT NULL,
    digest text NOT NULL,
    password_hash text NOT NULL,
    hlc text NOT NULL,
    PRIMARY KEY (office, officer_id)
);
