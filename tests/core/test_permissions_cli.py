"""The permission table through the command line: each command as each officer's
role (``--user``) and without ``--user`` (the console), allowed or refused as the
table says for the action the command does. Every command of the parser is
either here or in the short list of commands that need no one.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
from pathlib import Path

import pytest

from counter_app.cli import build_parser, main
from counter_app.domain.permissions import PERMISSIONS, Device, allowed
from counter_app.domain.roles import Role
from counter_app.services import queue, ratings
from counter_app.services.core import Core

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
ACCOUNTS = {Role.ADMIN: "admin", Role.COUNTER: "canbo1", Role.SUPPORT: "hotro",
            Role.LEADER: "lanhdao"}

# command → (action it does, its arguments). {code}: a dossier received
# beforehand; {feecode}: one that owes a fee; {slip}: a refusal slip given
# beforehand; {tmp}: the test's folder.
COMMANDS = {
    ("officer", "list"): ("officers.list_officers", []),
    ("officer", "add"): ("officers.create_officer",
                         ["moi1", "--name", "Cán bộ Mới", "--role", "counter",
                          "--password", "mat-khau-123"]),
    ("officer", "passwd"): ("officers.reset_password", ["canbo2", "--password", "mat-khau-moi-1"]),
    ("officer", "disable"): ("officers.set_active", ["canbo2"]),
    ("officer", "enable"): ("officers.set_active", ["canbo2"]),
    ("config", "set"): ("office_config.set_value", ["office.place", "Hà Nội"]),
    ("db", "rebuild-projections"): ("database.rebuild_projections", []),
    ("calendar", "off"): ("calendar.set_day", ["2027-03-05", "--reason", "Bầu cử"]),
    ("calendar", "work"): ("calendar.set_day", ["2027-03-06", "--reason", "Làm bù"]),
    ("calendar", "clear"): ("calendar.clear_day", ["2027-03-06"]),
    ("calendar", "list"): ("calendar.year_exceptions", ["--year", "2027"]),
    ("calendar", "due"): ("calendar.due", ["--received", "2027-02-03T10:00", "--days", "3"]),
    ("catalogue", "list"): ("catalogue.list_procedures", []),
    ("catalogue", "export"): ("catalogue.export_file", ["--out", "{tmp}/out.json"]),
    ("catalogue", "import"): ("catalogue.import_file", ["{tmp}/catalogue.json"]),
    ("catalogue", "versions"): ("catalogue.versions_of", ["DEMO-HT-05"]),
    ("catalogue", "groups"): ("catalogue.list_groups", []),
    ("ticket", "issue"): ("ticket_printing.issue_and_print", ["A", "--no-print"]),
    ("ticket", "call"): ("queue.call_next", ["--counter", "1"]),
    ("ticket", "recall"): ("queue.act", ["A001", "--counter", "1"]),
    ("ticket", "start"): ("queue.act", ["A001", "--counter", "1"]),
    ("ticket", "finish"): ("queue.act", ["A001", "--counter", "1"]),
    ("ticket", "no-show"): ("queue.act", ["A002", "--counter", "1"]),
    ("ticket", "requeue"): ("queue.act", ["A002"]),
    ("ticket", "cancel"): ("queue.act", ["A002"]),
    ("ticket", "transfer"): ("queue.transfer", ["A003", "--to-counter", "2"]),
    ("ticket", "reprint"): ("ticket_printing.print_now", ["A003", "--printer", "file:{tmp}/p.bin"]),
    ("queue", "status"): ("queue_stats.status", []),
    ("queue", "stats"): ("queue_stats.stats", ["--from", "2026-01-01", "--to", "2026-01-02"]),
    ("queue", "policy"): ("queue_config.set_policy", ["strict"]),
    ("queue", "service"): ("queue_config.update_service", ["A", "--cap", "0"]),
    ("dossier", "receive"): ("intake.receive", ["--procedure", "DEMO-HT-05", "--citizen-qr", QR,
                                                "--received", "2026-11-18T10:00"]),
    ("dossier", "receive-group"): ("group_intake.receive_group",
                                   ["--group", "LT-KHAISINH", "--citizen-qr", QR,
                                    "--received", "2026-11-18T10:30"]),
    ("dossier", "show"): ("dossiers.detail", ["{code}"]),
    ("dossier", "search"): ("dossiers.search", ["nguyen van an"]),
    ("dossier", "competent-received"): ("competent.record_receipt",
                                        ["{code}", "--at", "2026-11-18T11:00", "--agency",
                                         "UBND xã Bên Cạnh"]),
    ("dossier", "attach"): ("attachments.attach", ["{code}", "{tmp}/scan.pdf"]),
    ("dossier", "sweep"): ("attachments.sweep_folder", ["{tmp}/scans"]),
    ("dossier", "transfer"): ("dossiers.transfer", ["{code}", "--to", "Tư pháp - Hộ tịch"]),
    ("dossier", "supplement"): ("dossiers.request_supplement", ["{code}", "--reason", "Thiếu",
                                                          "--missing", "Giấy khai sinh"]),
    ("dossier", "supplement-received"): ("dossiers.supplement_received", ["{code}"]),
    ("dossier", "resolve"): ("dossiers.resolve", ["{code}"]),
    ("dossier", "return"): ("dossiers.return_result", ["{code}"]),
    ("dossier", "withdraw"): ("dossiers.withdraw", ["{code}", "--reason", "Rút"]),
    ("dossier", "stop"): ("dossiers.stop", ["{code}", "--reason", "Dừng"]),
    ("dossier", "pay"): ("fees.pay", ["{feecode}", "--method", "cash", "--amount", "1000"]),
    ("dossier", "fees"): ("fees.correct", ["{feecode}", "--set", "Phí bản sao=2000",
                                           "--reason", "Thêm bản sao"]),
    ("dossier", "refund"): ("fees.refund", ["{feecode}", "--method", "cash"]),
    ("dossier", "apologize"): ("dossiers.apologize", ["{code}", "--reason", "Chậm",
                                                      "--new-due", "2026-12-30T10:00"]),
    ("print", "form01"): ("documents.save", ["{code}", "--out", "{tmp}/f.pdf"]),
    ("print", "form02"): ("documents.save", ["{code}", "--out", "{tmp}/f.pdf"]),
    ("print", "form03"): ("documents.save", ["{code}", "--out", "{tmp}/f.pdf"]),
    ("print", "form04"): ("documents.save", ["{code}", "--out", "{tmp}/f.pdf"]),
    ("print", "form05"): ("documents.save", ["{code}", "--out", "{tmp}/f.pdf"]),
    ("print", "form06"): ("documents.save_book", ["--year", "2026", "--out", "{tmp}/b.pdf"]),
    ("print", "stop_notice"): ("documents.save", ["{code}", "--out", "{tmp}/f.pdf"]),
    ("slip", "list"): ("slips.search", []),
    ("slip", "show"): ("slips.by_number", ["{slip}"]),
    ("slip", "print"): ("slips.save", ["{slip}", "--out", "{tmp}/s.pdf"]),
    ("report", "dossiers"): ("reports.build", ["--from", "2026-11-01", "--to", "2026-11-30"]),
    ("report", "queue"): ("reports.build", ["--from", "2026-11-01", "--to", "2026-11-30"]),
    ("report", "ratings"): ("reports.build", ["--from", "2026-11-01", "--to", "2026-11-30",
                                              "--format", "xlsx", "--out", "{tmp}/r.xlsx"]),
    ("audit",): ("audit.search", ["--dossier", "{code}", "--limit", "5"]),
    ("rating", "paper"): ("ratings.record_paper", ["--level", "{level}"]),
    ("rating", "scale"): ("ratings.scale", []),
    ("form", "sets"): ("citizen_forms.ready", []),
    ("form", "stats"): ("citizen_forms_stats.served", ["--from", "2026-01-01", "--to",
                                                        "2026-01-31"]),
    ("sync", "enroll"): ("client.enroll", ["--server", "http://127.0.0.1:9", "--code", "X"]),
    ("sync", "reenroll"): ("reenroll.reenroll", []),
    ("sync", "now"): ("client.sync_once", []),
    ("sync", "status"): ("client.status_view", []),
    ("backup",): ("backups.backup_to", ["--out", "{tmp}/sao-luu.sqlite"]),
    # last: the administrator's restore puts the fixture's own backup back in place
    ("restore",): ("backups.restore", ["{tmp}/fixture-backup.sqlite"]),
}
# Need no one: they read no office data and change nothing in it.
OPEN_COMMANDS = {
    ("gui",): "opens the login window",
    ("init",): "refuses an existing real database; makes a new one",
    ("db", "check"): "diagnostic: integrity and hash chains, counts only",
    ("config", "show"): "diagnostic: the configuration, secrets masked",
    ("cccd", "parse"): "reads the QR text given, no database",
    ("printer", "test"): "prints a test ticket, no database",
    ("form", "list"): "the form templates, no office data",
    ("form", "validate"): "checks a template file",
    ("form", "fill"): "fills a template with the data given on the command line",
    ("sync", "quarantine"): "diagnostic: held events' ids, types and reasons",
    ("self-test",): "diagnostic: a demo office in a temporary folder; the office's "
                    "database is only looked at, never opened",
}
# Refusals as the table words them, for an officer and for the console.
REFUSALS = ("không có quyền", "--user")


def _leaves(parser, prefix=()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield prefix
    for action in subs:
        for name, sub in action.choices.items():
            yield from _leaves(sub, prefix + (name,))


def test_every_command_has_its_action_or_is_open():
    leaves = set(_leaves(build_parser()))
    assert leaves == set(COMMANDS) | set(OPEN_COMMANDS)
    assert {action for action, _args in COMMANDS.values()} <= set(PERMISSIONS)


@pytest.fixture
def office(demo_template, tmp_path, capsys):
    """A private demo office with tickets A001–A003 waiting, a received dossier, a
    catalogue file and a scan; yields (paths, substitutions)."""
    for name in ("db.sqlite", "config.json"):
        shutil.copy(demo_template / name, tmp_path / name)
    paths = ["--db", str(tmp_path / "db.sqlite"), "--config", str(tmp_path / "config.json")]
    with Core.open(tmp_path / "db.sqlite", tmp_path / "config.json", system=True) as core:
        for _ in range(3):
            queue.issue_ticket(core, "A")
    root = logging.getLogger()
    handlers = list(root.handlers)
    assert main([*paths, "--user", "admin", "dossier", "receive", "--procedure", "DEMO-HT-05",
                 "--citizen-qr", QR, "--received", "2026-11-18T10:00", "--json"]) == 0
    code = json.loads(capsys.readouterr().out)["code"]
    assert main([*paths, "--user", "admin", "dossier", "receive", "--procedure", "DEMO-CT-02",
                 "--citizen-qr", QR, "--received", "2026-11-18T10:05", "--json"]) == 0
    feecode = json.loads(capsys.readouterr().out)["code"]      # owes 10.000 đồng
    assert main([*paths, "--user", "admin", "dossier", "receive", "--procedure", "DEMO-HT-05",
                 "--citizen-qr", QR, "--received", "2026-11-18T10:15", "--outcome", "refused",
                 "--reason", "Không thuộc thẩm quyền", "--json"]) == 0
    slip = json.loads(capsys.readouterr().out)["number"]
    with Core.open(tmp_path / "db.sqlite", tmp_path / "config.json", system=True) as core:
        level = ratings.scale(core)[0].code
    assert main([*paths, "catalogue", "export", "--out", str(tmp_path / "catalogue.json")]) == 0
    assert main([*paths, "--user", "admin", "backup", "--out",
                 str(tmp_path / "fixture-backup.sqlite")]) == 0
    (tmp_path / "scans").mkdir()
    shutil.copy(_blank_pdf(tmp_path), tmp_path / "scan.pdf")
    capsys.readouterr()
    yield paths, {"code": code, "feecode": feecode, "slip": slip, "level": level,
                  "tmp": str(tmp_path)}
    for h in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(h)
        h.close()


def _blank_pdf(tmp_path):
    from reportlab.pdfgen import canvas
    path = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(100, 700, "scan")
    c.save()
    return path


@pytest.mark.slow
@pytest.mark.parametrize("principal", [*ACCOUNTS, Device.CONSOLE], ids=str)
def test_matrix_through_the_cli(office, principal, capsys):
    paths, subst = office
    user = ["--user", ACCOUNTS[principal]] if isinstance(principal, Role) else []
    wrong = []
    for command, (action, args) in COMMANDS.items():
        argv = [*paths, *user, *command, *[a.format(**subst) for a in args]]
        code = main(argv)
        err = capsys.readouterr().err
        refused = code == 2 and any(r in err for r in REFUSALS)
        if allowed(principal, action) == refused:
            wrong.append(f"{' '.join(command)} ({action}): exit {code} {err.strip()[:120]}")
    assert wrong == []


def test_a_wrong_password_exits_2_in_vietnamese_without_traceback(office, capsys, monkeypatch):
    paths, _subst = office
    monkeypatch.setenv("COUNTER_APP_PASSWORD", "sai-mat-khau")
    assert main([*paths, "--user", "admin", "officer", "list"]) == 2
    err = capsys.readouterr().err
    assert "Sai tên đăng nhập hoặc mật khẩu" in err and "Traceback" not in err


def test_without_a_password_and_no_keyboard_exits_2(office, capsys, monkeypatch):
    paths, _subst = office
    monkeypatch.delenv("COUNTER_APP_PASSWORD")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    assert main([*paths, "--user", "admin", "officer", "list"]) == 2
    assert "COUNTER_APP_PASSWORD" in capsys.readouterr().err


def test_a_command_is_recorded_under_the_officer_who_ran_it(office, capsys):
    paths, subst = office
    assert main([*paths, "--user", "canbo1", "dossier", "resolve", subst["code"]]) == 0
    with Core.open(Path(paths[1]), Path(paths[3]), system=True) as core:
        officer = core.conn.execute(
            "SELECT officer_id FROM events WHERE type = 'dossier.status_changed' "
            "ORDER BY rowid DESC LIMIT 1").fetchone()
        canbo1 = core.conn.execute("SELECT id FROM officers WHERE username = 'canbo1'").fetchone()
    assert officer[0] == canbo1[0]
