import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from counter_app.errors import (DatabaseError, DatabaseTooNewError, ForeignDatabaseError,
                                NotADatabaseError)
from counter_app.domain.events import NewEvent
from db import chain, commands, connection, projections
from db.check import check
from db.database import applied_names, open_database, schema_version
from db.migrations import MIGRATIONS, SCHEMA_VERSION
from tests.conftest import table_dump

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "db").glob("schema_v*.sqlite"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_fixture_exists_for_the_current_schema():
    names = {p.name for p in FIXTURES}
    assert f"schema_v{SCHEMA_VERSION}.sqlite" in names, \
        "run `python -m tests.db.make_fixture` and commit the file"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_released_schema_opens_and_upgrades(fixture, tmp_path):
    db = tmp_path / fixture.name
    shutil.copy(fixture, db)
    conn = open_database(db)
    try:
        assert schema_version(conn) == SCHEMA_VERSION
        report = check(conn, db)
        assert report["ok"], report["problems"]
        names = {r["username"]: dict(r) for r in conn.execute("SELECT * FROM officers")}
        assert names["lanhdao"]["active"] == 0
        assert names["canbo2"]["role"] == "support"
        assert names["vanthu"]["full_name"] == "Đỗ Thị Hằng"
        version = int(fixture.stem.rsplit("v", 1)[1])
        if version >= 2:
            _check_v2_rows(conn)
        if version >= 3:
            _check_v3_rows(conn)
        if version >= 4:
            _check_v4_rows(conn)
        if version >= 5:
            _check_v5_rows(conn)
        if version >= 6:
            _check_v6_rows(conn)
        if version >= 10:
            _check_v10_rows(conn)
        if version >= 11:
            _check_v11_rows(conn)
        if version >= 8:
            _check_v8_rows(conn)
        if 4 <= version < 12:
            _check_legacy_slips(conn)
        if version >= 12:
            _check_v12_rows(conn)
        if version >= 13:
            _check_v13_rows(conn)
        if version >= 4:
            _check_report_facts(conn)
        if version >= 14:
            _check_v14_rows(conn)
        if version >= 15:
            _check_v15_rows(conn)
        _check_slip_citizen_not_write(conn, version)
        _check_credentials(conn, "matkhau-moi-456" if version >= 17 else "matkhau-cu-123")
        _check_fee_totals(conn, version)
        _check_step_records(conn)
        if version >= 19:
            _check_v19_rows(conn)
        _check_chain(conn)
        flags = {u: r["must_change_password"] for u, r in names.items()}
        assert flags["vanthu"] == 0      # an account with its own password
        if version >= 7:                 # demo accounts are marked since v7
            assert flags["admin"] == flags["canbo1"] == 1
        live = table_dump(conn, projections.TABLES)
        commands.rebuild_projections(conn)
        assert table_dump(conn, projections.TABLES) == live
    finally:
        conn.close()


def _check_v2_rows(conn) -> None:
    proc = conn.execute("SELECT * FROM procedures WHERE code = 'DEMO-FIXTURE-1'").fetchone()
    assert proc["processing_days"] == 2.5 and "Đăng ký lại khai sinh" in proc["name"]
    days = {r["day"]: r["kind"] for r in conn.execute("SELECT * FROM calendar_days")}
    assert days["2026-03-06"] == "off" and "2026-03-07" not in days
    codes = [r[0] for r in conn.execute("SELECT code FROM dossier_codes ORDER BY code")]
    assert codes[:3] == [f"000.17.22.H56-260309-000{i}" for i in (1, 2, 3)]


def _check_chain(conn) -> None:
    """Every event chained (backfilled by m009 on older files), new ones chain on."""
    assert conn.execute("SELECT count(*) FROM events WHERE hash = ''").fetchone()[0] == 0
    report = chain.verify(conn)
    assert report.ok and report.events == conn.execute("SELECT count(*) FROM events").fetchone()[0]
    newest = conn.execute("SELECT e.hash FROM events e JOIN device_state d ON d.device_id = "
                          "e.device_id ORDER BY e.device_seq DESC LIMIT 1").fetchone()[0]
    assert conn.execute("SELECT last_hash FROM device_state").fetchone()[0] == newest
    (event,) = commands.record(conn, 1_800_000_000_000, "system", [
        NewEvent("counter", "c-chain", "counter.defined", {"number": 99, "name": "Quầy 99"})])
    assert event.prev_hash == newest and chain.verify(conn).ok


def _check_credentials(conn, vanthu_password: str) -> None:
    """Every account's current hash is in ``credentials`` (one row each), the log names
    it by digest, and no event keeps a hash any more: older files are scrubbed, this
    never-synced device's chain computed again (db/credentials.py)."""
    from argon2 import PasswordHasher
    from db import credentials
    rows = conn.execute("SELECT o.username, c.password_hash FROM officers o JOIN credentials "
                        "c ON c.officer_id = o.id AND c.digest = o.credential").fetchall()
    assert len(rows) == conn.execute("SELECT count(*) FROM credentials").fetchone()[0] \
        == conn.execute("SELECT count(*) FROM officers").fetchone()[0]
    assert PasswordHasher().verify(dict(rows)["vanthu"], vanthu_password)
    assert conn.execute("SELECT count(*) FROM events WHERE instr(payload, 'password_hash') "
                        "OR instr(payload, '$argon2')").fetchone()[0] == 0
    assert credentials.current_hash(conn, conn.execute(
        "SELECT id FROM officers WHERE username = 'admin'").fetchone()[0]).startswith("$argon2")


def _check_v6_rows(conn) -> None:
    [row] = conn.execute("SELECT ok, kind, online, paper_out, paper_near_end FROM printer_status")
    assert tuple(row) == (1, None, 1, 0, 1)      # the later print of the two


def _check_v8_rows(conn) -> None:
    rows = {r["kind"]: dict(r) for r in conn.execute(
        "SELECT d.*, o.username FROM drafts d JOIN officers o ON o.id = d.officer_id")}
    assert rows["intake"]["username"] == "canbo1" and "Lê Văn Nháp" in rows["intake"]["state"]
    assert rows["dialog"]["key"].endswith(":stop")


def _check_v10_rows(conn) -> None:
    [row] = conn.execute("SELECT event_id, waiting, reason FROM sync_quarantine "
                         "WHERE event_id = '01KFIXTUREPULLEDCALL000000'")
    assert row["event_id"] == "01KFIXTUREPULLEDCALL000000" and row["waiting"] == 1
    assert conn.execute("SELECT pull_cursor FROM device_state").fetchone()[0] == "41"


def _check_v11_rows(conn) -> None:
    """A server-quarantined event holds its chain place; the one after it applied (and
    ``db check``, run above, is ok although seq 1 of that device is not in the log)."""
    [row] = conn.execute("SELECT state, device_seq FROM sync_quarantine "
                         "WHERE event_id = '01KFIXTURESERVERREFUSED000'")
    assert tuple(row) == ("server", 1)
    assert conn.execute("SELECT count(*) FROM counters WHERE number = 98").fetchone()[0] == 1
    assert chain.verify(conn).held == 1


def _check_v13_rows(conn) -> None:
    names = {r["code"]: r["deciding_agency_name"] for r in conn.execute(
        "SELECT code, deciding_agency_name FROM procedures")}
    assert names["DEMO-FIXTURE-13"] == "Ủy ban nhân dân xã Tân Lập"
    assert names["DEMO-FIXTURE-1"] == ""      # rows from before v13 keep working


def _check_report_facts(conn) -> None:
    """m014 takes the apology's time and the appointment it replaced over from the log."""
    row = conn.execute("SELECT * FROM dossiers WHERE apology_number IS NOT NULL").fetchone()
    event = conn.execute("SELECT recorded_at, json_extract(payload, '$.old_due') FROM events "
                         "WHERE type = 'dossier.apologized'").fetchone()
    assert (row["apologized_at"], row["apology_old_due"]) == tuple(event)
    assert row["apology_old_due"] < row["due_at"]


def _check_v15_rows(conn) -> None:
    [lease] = conn.execute("SELECT seq_start, seq_end, day FROM code_leases").fetchall()
    assert tuple(lease) == (1, 20, "2026-03-10")
    steps = conn.execute("SELECT d.last_step, s.state FROM dossiers d JOIN dossier_steps s "
                         "ON s.event_id = d.last_step WHERE d.status = 7").fetchall()
    assert [tuple(r)[1] for r in steps] == ["applied"]


def _check_v14_rows(conn) -> None:
    row = conn.execute("SELECT * FROM dossiers WHERE form_set_id IS NOT NULL").fetchone()
    assert row["status"] == 7 and row["closed_at"] and row["closed_at"] >= row["received_at"]
    [rating] = conn.execute("SELECT * FROM ratings").fetchall()
    assert (rating["level"], rating["source"], rating["rated_at"]) == \
        ("satisfied", "paper", "2026-03-10T03:00:00Z")


def _check_slip_citizen_not_write(conn, version: int) -> None:
    """m016: slips record "Công dân không viết" (taken over from the log for the slips m012
    moved, whose old payloads say 0 here); the v16 rows mark one by hand and one from a
    form set, which is not used up by a slip."""
    marked = {r["number"]: dict(r) for r in conn.execute(
        "SELECT * FROM counter_slips WHERE citizen_not_write = 1")}
    if version < 16:
        assert not marked
        if 4 <= version:
            assert conn.execute("SELECT count(*) FROM counter_slips WHERE citizen_not_write "
                                "= 0 AND form_set_id IS NULL").fetchone()[0] >= 2
        return
    by_hand, from_set = sorted(marked.values(), key=lambda r: r["issued_at"])
    assert (by_hand["kind"], by_hand["form_set_id"]) == ("refusal", None)
    assert by_hand["citizen_not_write_by"] == by_hand["officer_id"]   # who marked it
    assert from_set["kind"] == "guidance" and from_set["form_set_id"]
    status = conn.execute("SELECT status FROM form_sets WHERE id = ?",
                          (from_set["form_set_id"],)).fetchone()[0]
    assert status == "completed"


def _check_step_records(conn) -> None:
    """m019: every applied step's record of what it found names the two columns the
    competent agency's receipt changes (restored if that step is undone)."""
    for (before,) in conn.execute("SELECT before FROM dossier_steps WHERE state = 'applied'"):
        assert {"counted_from", "competent_agency"} <= set(json.loads(before))


def _check_v19_rows(conn) -> None:
    """Two dossiers taken for UBND xã Bên Cạnh: one still waiting for its receipt there
    (no due date), one whose receipt was recorded afterwards (due counted from it)."""
    rows = conn.execute("SELECT * FROM dossiers WHERE procedure_code = 'DEMO-CT-04' "
                        "ORDER BY received_at").fetchall()
    assert [r["competent_agency"] for r in rows] == ["UBND xã Bên Cạnh"] * 2
    assert rows[0]["due_at"] is None and rows[0]["counted_from"] is None
    assert rows[1]["counted_from"] == "2027-03-03T07:30:00Z"
    assert rows[1]["due_at"] == "2027-03-05T10:00:00Z"       # Thu, Fri at 17:00
    assert rows[1]["status"] == 4


def _check_fee_totals(conn, version: int) -> None:
    """m018 takes what each dossier owes over from its fees (nothing was exempted or
    paid before v18); v18 rows keep an exemption and two payments."""
    for row in conn.execute("SELECT fees, fee_total, fee_paid FROM dossiers"):
        fees = json.loads(row["fees"])
        assert row["fee_total"] == sum(f.get("amount_vnd") or 0 for f in fees
                                       if not f.get("exempt"))
    if version < 18:
        assert conn.execute("SELECT count(*) FROM dossier_payments").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM dossiers WHERE fee_paid > 0"
                            ).fetchone()[0] == 0
        return
    row = conn.execute("SELECT * FROM dossiers WHERE procedure_code = 'DEMO-CT-02'"
                       ).fetchone()
    assert (row["fee_total"], row["fee_paid"]) == (20000, 20000)
    payments = conn.execute("SELECT amount, method, reference FROM dossier_payments "
                            "WHERE dossier_id = ? ORDER BY rowid",
                            (row["id"],)).fetchall()
    assert [tuple(p) for p in payments] == [(8000, "transfer", "FT27061000123"),
                                            (12000, "cash", "")]


def _check_v3_rows(conn) -> None:
    status = {r["number"]: r["status"] for r in conn.execute("SELECT * FROM tickets")}
    assert status == {"A001": "no_show", "A002": "done", "B001": "waiting", "C001": "waiting"}
    assert conn.execute("SELECT service_id FROM tickets WHERE number = 'B001'").fetchone()[0] == \
        conn.execute("SELECT id FROM services WHERE code = 'DATDAI'").fetchone()[0]
    assert conn.execute("SELECT label FROM priority_categories WHERE code = 'TE'").fetchone()[0] \
        == "Trẻ em dưới 6 tuổi"
    assert conn.execute("SELECT count(*) FROM ticket_calls").fetchone()[0] == 3


def _check_v4_rows(conn) -> None:
    rows = {r["procedure_code"]: dict(r) for r in conn.execute("SELECT * FROM dossiers")}
    assert rows["DEMO-HT-05"]["applicant_name"] == "Phạm Thị Ngọc Ánh"
    assert rows["DEMO-HT-05"]["status"] == 4 and rows["DEMO-HT-05"]["apology_number"]
    # Guidance and refusal at the counter are slips since v12 (older ones were moved).
    assert "DEMO-KD-01" not in rows
    assert conn.execute("SELECT count(*) FROM dossiers WHERE outcome != 'received'"
                        ).fetchone()[0] == 0
    slips = {r["procedure_code"]: dict(r) for r in conn.execute("SELECT * FROM counter_slips")}
    assert (slips["DEMO-CT-03"]["kind"], slips["DEMO-KD-01"]["kind"]) == ("guidance", "refusal")
    assert json.loads(slips["DEMO-CT-03"]["missing"]) == [{"name": "Hợp đồng"}]
    assert slips["DEMO-KD-01"]["reason"] == "Không thuộc thẩm quyền"
    hits = conn.execute("SELECT d.procedure_code FROM dossier_search JOIN dossiers d "
                        "ON d.rowid = dossier_search.rowid WHERE dossier_search MATCH "
                        "'\"pham\"* \"anh\"*' AND d.form_set_id IS NULL "
                        "AND d.received_at < '2027'").fetchall()
    assert sorted(h[0] for h in hits) == ["DEMO-HT-05"]
    assert conn.execute("SELECT count(*) FROM citizens").fetchone()[0] == 2


def _check_legacy_slips(conn) -> None:
    """m012 moved the old guided/refused "dossiers": each keeps, as its number, the dossier
    code printed on its form 02/03 (still allocated: a number on paper never changes)."""
    slips = [dict(r) for r in conn.execute("SELECT * FROM counter_slips ORDER BY number")]
    assert len(slips) == 2 and all(s["seq"] is None for s in slips)
    allocated = {r[0] for r in conn.execute("SELECT code FROM dossier_codes")}
    for s in slips:
        assert s["number"] == s["legacy_code"] and s["legacy_code"] in allocated
        assert s["year"] == 2026 and s["issued_at"].startswith("2026-03-09T03:00")
    assert conn.execute("SELECT count(*) FROM dossiers WHERE outcome != 'received'"
                        ).fetchone()[0] == 0


def _check_v12_rows(conn) -> None:
    numbers = {r["number"]: r["kind"] for r in conn.execute("SELECT * FROM counter_slips")}
    assert numbers.items() >= {"01/2026/HDHS": "guidance", "01/2026/TCHS": "refusal",
                               "02/2026/HDHS": "guidance"}.items()
    group = conn.execute("SELECT code, group_id FROM dossiers WHERE group_id IS NOT NULL "
                         "ORDER BY code").fetchall()
    assert len(group) == 3 and len({g["group_id"] for g in group}) == 1
    version = conn.execute("SELECT procedure_version FROM dossiers WHERE procedure_code = "
                           "'DEMO-HT-02'").fetchone()[0]
    assert version == "2027-03-01"
    behalf = conn.execute("SELECT * FROM dossiers WHERE competent_agency != ''").fetchone()
    assert behalf["competent_agency"] == "UBND xã Bên Cạnh" and behalf["counted_from"]
    versions = conn.execute("SELECT count(*) FROM procedure_versions").fetchone()[0]
    assert versions == 5
    assert conn.execute("SELECT count(*) FROM procedure_groups").fetchone()[0] == 2


def _check_v5_rows(conn) -> None:
    sets = [dict(r) for r in conn.execute("SELECT * FROM form_sets ORDER BY completed_at")]
    assert [s["status"] for s in sets] == ["used", "completed", "reopened"]
    assert sets[0]["dossier_code"] and sets[0]["applicant_name"] == "Phạm Thị Ngọc Ánh"
    dossier = conn.execute("SELECT * FROM dossiers WHERE form_set_id = ?",
                           (sets[0]["id"],)).fetchone()
    assert dossier["citizen_not_write"] == 1 and dossier["citizen_not_write_by"] == "system"
    files = conn.execute("SELECT * FROM dossier_files WHERE dossier_id = ?",
                         (dossier["id"],)).fetchall()
    assert [(f["title"], f["generated"]) for f in files] == [("TỜ KHAI ĐĂNG KÝ KHAI SINH", 1)]
    assert dossier["digitised"] == 0
    drafts = conn.execute("SELECT id, state FROM form_drafts").fetchall()
    assert {d["id"] for d in drafts} >= {sets[2]["id"]} and len(drafts) == 2
    assert any("Bản nháp đang điền" in d["state"] for d in drafts)


def test_non_sqlite_file_is_refused_untouched(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"Bien ban ban giao ho so\n" * 100)
    before = digest(bad)
    with pytest.raises(NotADatabaseError) as err:
        open_database(bad)
    assert "không phải" in str(err.value)
    assert digest(bad) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_truncated_database_is_refused_untouched(tmp_path, demo_paths):
    db = tmp_path / "cut.sqlite"
    db.write_bytes(demo_paths[0].read_bytes()[:150])
    before = digest(db)
    with pytest.raises(DatabaseError):
        open_database(db)
    assert digest(db) == before


def test_sqlite_file_of_another_program_is_refused_untouched(tmp_path):
    other = tmp_path / "other.sqlite"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE contacts (name TEXT)")
    c.execute("INSERT INTO contacts VALUES ('x')")
    c.commit()
    c.close()
    before = digest(other)
    with pytest.raises(ForeignDatabaseError):
        open_database(other)
    assert digest(other) == before


def test_newer_schema_is_refused_untouched(demo_paths):
    db = demo_paths[0]
    c = sqlite3.connect(db)
    c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
              "VALUES ('counter_app', 'm999_from_the_future', '2030-01-01')")
    c.commit()
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    before = digest(db)
    with pytest.raises(DatabaseTooNewError) as err:
        open_database(db)
    assert "mới hơn" in str(err.value)
    assert digest(db) == before


def test_missing_database_is_not_created_without_create(tmp_path):
    with pytest.raises(DatabaseError):
        open_database(tmp_path / "none.sqlite")
    assert not (tmp_path / "none.sqlite").exists()


def test_new_database_gets_pragmas_and_marks(tmp_path):
    conn = open_database(tmp_path / "new.sqlite", create=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == connection.APPLICATION_ID
        assert applied_names(conn) == [m.name for m in MIGRATIONS._migrations]
    finally:
        conn.close()


def test_backup_is_taken_before_a_pending_migration(demo_paths, monkeypatch):
    db = demo_paths[0]
    extra = f"m{SCHEMA_VERSION + 1:03d}_test_only"

    def add_column(database: Database) -> None:
        database.execute("ALTER TABLE counters ADD COLUMN note TEXT")

    monkeypatch.setattr(MIGRATIONS, "_migrations",
                        MIGRATIONS._migrations + [MIGRATIONS._Migration(extra, add_column)])
    conn = open_database(db)
    try:
        assert extra in applied_names(conn)
        assert "note" in [r[1] for r in conn.execute("PRAGMA table_info(counters)")]
    finally:
        conn.close()
    backups = list(db.parent.glob("db.backup-*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert "note" not in [r[1] for r in old.execute("PRAGMA table_info(counters)")]
    assert old.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    old.close()


def test_failed_migration_leaves_database_at_previous_version(demo_paths, monkeypatch):
    db = demo_paths[0]

    def broken(database: Database) -> None:
        database.execute("ALTER TABLE counters ADD COLUMN half_done TEXT")
        raise RuntimeError("disk full in the middle")

    monkeypatch.setattr(MIGRATIONS, "_migrations",
                        MIGRATIONS._migrations + [MIGRATIONS._Migration("m_broken", broken)])
    with pytest.raises(RuntimeError):
        open_database(db)
    monkeypatch.undo()
    conn = open_database(db)
    try:
        assert "half_done" not in [r[1] for r in conn.execute("PRAGMA table_info(counters)")]
        assert check(conn, db)["ok"]
    finally:
        conn.close()
