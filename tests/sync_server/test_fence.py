"""The pull fence: a transaction that commits late is delayed, never skipped."""

from __future__ import annotations

import psycopg
from psycopg.types.json import Jsonb

from tests.sync_server.helpers import chained, enroll, pull_all, synthetic

_INSERT = ("INSERT INTO events (id, device_id, device_seq, hlc, officer_id, entity, entity_id, "
           "type, schema_version, payload, recorded_at, prev_hash, hash, office) "
           "VALUES (%(id)s, %(device_id)s, %(device_seq)s, %(hlc)s, %(officer_id)s, %(entity)s, "
           "%(entity_id)s, %(type)s, %(schema_version)s, %(payload)s, %(recorded_at)s, "
           "%(prev_hash)s, %(hash)s, %(office)s) RETURNING pos")


def _insert(conn, event, office):
    return conn.execute(_INSERT, {**event, "payload": Jsonb(event["payload"]),
                                  "office": office}).fetchone()[0]


def test_a_late_commit_is_not_skipped(http, dsn, new_office):
    office = new_office()
    reader = enroll(http, dsn, office, "fence-reader")
    enroll(http, dsn, office, "fence-1")
    enroll(http, dsn, office, "fence-2")
    early = chained(synthetic("fence-1", 1))[0]
    late = chained(synthetic("fence-2", 1))[0]
    first = psycopg.connect(dsn)          # two real transactions, as two pushes would be
    second = psycopg.connect(dsn)
    try:
        low = _insert(first, early, office)     # low pos, not committed yet
        high = _insert(second, late, office)
        second.commit()                          # the higher pos commits first
        assert low < high
        before, cursor = pull_all(http, reader["secret"])
        assert before == [], "a pull must not hand out rows past an uncommitted lower pos"
        assert int(cursor) < low
        first.commit()
        after, cursor = pull_all(http, reader["secret"], cursor)
        assert [e["id"] for e in after] == [early["id"], late["id"]]
        assert pull_all(http, reader["secret"], cursor)[0] == []
    finally:
        first.close()
        second.close()


def test_rows_read_before_a_late_commit_are_not_read_twice(http, dsn, new_office):
    """The xid of the late transaction is older than a row handed out earlier only if it
    started first; then the fence held that row back. Either way each row comes once."""
    office = new_office()
    reader = enroll(http, dsn, office, "fence-reader-2")
    enroll(http, dsn, office, "fence-3")
    enroll(http, dsn, office, "fence-4")
    a, b = chained(synthetic("fence-3", 2)), chained(synthetic("fence-4", 1))
    slow = psycopg.connect(dsn)
    try:
        slow.execute("SELECT pg_current_xact_id()")    # takes its transaction id first
        with psycopg.connect(dsn, autocommit=True) as fast:
            _insert(fast, a[0], office)
        got, cursor = pull_all(http, reader["secret"])
        assert got == []                               # fast's xid is above slow's
        _insert(slow, b[0], office)
        slow.commit()
        with psycopg.connect(dsn, autocommit=True) as fast:
            _insert(fast, a[1], office)
        got, cursor = pull_all(http, reader["secret"], cursor)
        assert [e["id"] for e in got] == [b[0]["id"], a[0]["id"], a[1]["id"]]
    finally:
        slow.close()
