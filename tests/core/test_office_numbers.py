"""Office mode (issue 12, item 3): dossier codes leased by the hub in blocks, tracking-book
lines given by the hub. Real client databases, the real server process, real PostgreSQL,
HTTP on loopback; form 01 read back with pdftotext.
"""

from __future__ import annotations

import subprocess
import time
from datetime import datetime

import psycopg

from counter_app import config as config_mod
from counter_app.domain.clock import to_local
from counter_app.domain.codes import CodeFormat, island_block, lease_limit
from counter_app.services import codes, documents
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest, receive
from counter_app.sync import client, office as office_sync
from tests.core.test_office_mode import _point, office  # noqa: F401 (fixture)
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.helpers import FENCE_S
from tests.sync_server.pg import free_port

PEOPLE = [("Nguyễn Văn An", "001090000001"), ("Trần Thị Bình", "001090000002")]


def _intake(pc, i: int = 0) -> dict:
    name, number = PEOPLE[i % 2]
    return receive(pc, IntakeRequest("DEMO-HT-05", Applicant(full_name=name, id_number=number)))


def _seq(pc, code: str) -> int:
    return pc.conn.execute("SELECT seq FROM dossier_codes WHERE code = ?", (code,)).fetchone()[0]


def _leases(pc) -> list[tuple[int, int]]:
    return [tuple(r) for r in pc.conn.execute(
        "SELECT seq_start, seq_end FROM code_leases WHERE device_id = ? ORDER BY seq_start",
        (pc.device_id,))]


def _form01_text(pc, code: str, tmp_path) -> str:
    pdf = tmp_path / f"{code}.pdf"
    pdf.write_bytes(documents.render(pc, "form01", code))
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _sync_until(pcs, check) -> None:
    """Sync every PC until ``check()`` holds (the pull fence may hold rows a moment)."""
    deadline = time.monotonic() + FENCE_S
    while True:
        for pc in pcs:
            assert client.sync_once(pc).ok
        if check():
            return
        assert time.monotonic() < deadline, "the office never agreed"
        time.sleep(0.2)


def test_each_pc_mints_codes_from_its_own_lease_and_asks_for_more(office, dsn):
    code, a, b = office
    for pc in (a, b):
        summary = client.sync_once(pc)
        assert summary.ok and summary.office["leased"] == office_sync.LEASE_SIZE
    # b's lease may wait for the hub's earlier event (a's lease) behind the pull fence.
    _sync_until([a, b], lambda: len(_leases(a)) == len(_leases(b)) == 1)
    (block_a,), (block_b,) = _leases(a), _leases(b)
    assert block_a[1] < block_b[0] or block_b[1] < block_a[0]       # disjoint
    minted = {pc: [_intake(pc, i)["code"] for i in range(3)] for pc in (a, b)}
    for pc, block in ((a, block_a), (b, block_b)):
        assert all(block[0] <= _seq(pc, c) <= block[1] for c in minted[pc])
    # Running low: the sync worker's next sync asks for another block, in the background.
    for i in range(office_sync.LEASE_SIZE - office_sync.LOW_WATER - 2):
        _intake(a, i)
    agency = a.config.office.code
    day = to_local(a.clock.now_utc()).date()
    assert codes.lease_room(a.conn, a.device_id, agency, day) == office_sync.LOW_WATER - 1
    assert client.sync_once(a).office["leased"] == office_sync.LEASE_SIZE
    _sync_until([a], lambda: len(_leases(a)) == 2)
    more = [_intake(a, i)["code"] for i in range(office_sync.LOW_WATER + 1)]
    assert _seq(a, more[-1]) >= _leases(a)[1][0]       # the new block took over
    _sync_until([a, b], lambda: True)
    with psycopg.connect(dsn) as pg:
        minted_all = [r[0] for r in pg.execute(
            "SELECT entity_id FROM events WHERE office = %s AND type = 'code.allocated'",
            (code,))]
        leased = [(r[0], r[1]) for r in pg.execute(
            "SELECT (payload->>'start')::int, (payload->>'end')::int FROM events "
            "WHERE office = %s AND type = 'code_lease.granted' ORDER BY 1", (code,))]
    assert len(minted_all) == len(set(minted_all)) == 6 + 13 + 6
    assert all(x[1] < y[0] for x, y in zip(leased, leased[1:]))       # never overlapping
    assert leased[-1][1] <= lease_limit(CodeFormat(a.config.codes.template).max_seq)


def test_without_a_lease_or_the_hub_a_pc_mints_from_its_island_block(office, server):
    _code, a, _b = office
    _point(a, f"http://127.0.0.1:{free_port()}")        # the hub is out of reach
    assert not client.sync_once(a).ok
    tag = config_mod.load(a.config_path).sync.island_tag
    start, end = island_block(CodeFormat(a.config.codes.template).max_seq, tag)
    offline = [_intake(a, i)["code"] for i in range(2)]
    assert [_seq(a, c) for c in offline] == [start, start + 1] and end - start >= 40
    _point(a, server.url)
    _sync_until([a], lambda: bool(_leases(a)))
    online = _intake(a)["code"]
    assert _leases(a)[0][0] <= _seq(a, online) <= _leases(a)[0][1]


def test_book_lines_are_given_by_the_hub_and_never_printed_before(office, dsn, server,
                                                                   tmp_path):
    code, a, b = office
    year = to_local(datetime.now().astimezone()).year
    before = a.conn.execute("SELECT coalesce(max(book_line), 0) FROM dossiers "
                            "WHERE book_year = ?", (year,)).fetchone()[0]
    _point(b, f"http://127.0.0.1:{free_port()}")        # b works offline
    first = [_intake(a, 0), _intake(b, 1), _intake(a, 1), _intake(b, 0)]
    assert all(d["book_line"] is None and d["book_number"] for d in first)
    # Form 01 printed now leaves the line blank: no number that could change later.
    text = _form01_text(b, first[1]["code"], tmp_path)
    assert "Số thứ tự: …………" in text

    def of_a() -> dict:
        return {r[0]: r[1] for r in a.conn.execute(
            "SELECT code, book_line FROM dossiers WHERE book_year = ? AND book_line > ?",
            (year, before))}
    _sync_until([a], lambda: len(of_a()) == 2)          # a's receipts reached the hub
    lines_a = of_a()
    assert sorted(lines_a.values()) == [before + 1, before + 2]      # a's own, at once
    assert b.conn.execute("SELECT book_line FROM dossiers WHERE code = ?",
                          (first[1]["code"],)).fetchone()[0] is None     # still offline
    _point(b, server.url)
    codes_all = [d["code"] for d in first]

    def agreed() -> bool:
        lines = [[pc.conn.execute("SELECT book_line FROM dossiers WHERE code = ?",
                                  (c,)).fetchone() for c in codes_all] for pc in (a, b)]
        return all(row and row[0] for pc_lines in lines for row in pc_lines) and \
            lines[0] == lines[1]
    _sync_until([b, a], agreed)
    final = {c: a.conn.execute("SELECT book_line FROM dossiers WHERE code = ?",
                               (c,)).fetchone()[0] for c in codes_all}
    assert sorted(final.values()) == list(range(before + 1, before + 5))
    assert {c: final[c] for c in lines_a} == lines_a                 # given once, kept
    with psycopg.connect(dsn) as pg:
        assigned = [r[0] for r in pg.execute(
            "SELECT (payload->>'book_line')::int FROM events WHERE office = %s "
            "AND type = 'dossier.book_line_assigned'", (code,))]
    assert sorted(assigned) == sorted(final.values())                # each line once
    text = _form01_text(b, first[1]["code"], tmp_path)
    assert f"Số thứ tự: {final[first[1]['code']]}" in text
    book = documents.tracking_book(b, year)
    assert [r.line for r in book.rows][-4:] == list(range(before + 1, before + 5))
