-- Hub requests by id (docs/OFFICE.md, "Lost answers"): every queue request a PC sends the
-- office hub carries an id the PC made; the hub records here, in the transaction of the
-- decision, what it answered. The same id again gets the same answer and decides nothing
-- new (a retry). A PC that heard no answer and decided alone reports the id later
-- ("settle"): the hub undoes what it had decided and marks the row settled; an id settled
-- before its request arrived (the request was slow) keeps the request from deciding at all
-- (answer NULL).
CREATE TABLE hub_requests (
    office      text NOT NULL REFERENCES offices (code),
    request_id  text NOT NULL,
    device_id   text NOT NULL,
    action      text NOT NULL,                   -- issue, call-next, act
    officer_id  text,
    counter     integer,
    answer      jsonb,                           -- NULL: settled before it was decided
    decided_at  timestamptz NOT NULL DEFAULT now(),
    settled_at  timestamptz,
    outcome     text,                            -- what settling did: cancelled, requeued, kept…
    PRIMARY KEY (office, request_id)
);
