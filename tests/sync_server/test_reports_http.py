"""``GET /v1/reports/{kind}`` over real HTTP on 127.0.0.1: a leader's token, scoped to
some offices by the administrator, reads their reports across offices and nothing else;
a device's secret, a revoked or unknown token, an office outside the scope are refused."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import psycopg
import pytest
from openpyxl import load_workbook

from counter_app.reports.document import as_json
from counter_app.reports.period import Period
from sync_server.reports import build
from tests.sync_server.helpers import bearer, enroll
from tests.sync_server.pg import cli, cli_json
from tests.sync_server.reports_offices import synced_office

QUARTER = {"from": "2026-01-01", "to": "2026-03-31"}
QUARTER_PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture(scope="module")
def offices(tmp_path_factory, dsn, server):
    made = [synced_office(tmp_path_factory.mktemp(code), dsn, server.url, code, name, 40, seed)
            for code, name, seed in [("WEB-A", "Phường Hòa Bình", 5), ("WEB-B", "Xã Tân Lập", 6)]]
    yield made
    for office in made:
        office.core.close()


@pytest.fixture(scope="module")
def leader(offices, dsn):
    """A ward's leader: office A only."""
    return cli_json(dsn, "leader", "add", "ld-hoa-binh", "--name", "UBND phường Hòa Bình",
                    "--offices", offices[0].code)["token"]


def test_a_leader_reads_the_reports_of_the_offices_in_scope(offices, leader, http, dsn):
    a = offices[0].code
    r = http.get("/v1/reports/dossiers", params={**QUARTER, "offices": a, "by": "field"},
                 headers=bearer(leader))
    assert r.status_code == 200, r.text
    with psycopg.connect(dsn, autocommit=True) as pg:
        expected = as_json(build.build(pg, "dossiers", QUARTER_PERIOD, [a]), "field")
    assert r.json() == expected and r.json()["totals"]["received"] > 0
    # Without "offices": every office in scope, which is A alone.
    r = http.get("/v1/reports/ratings", params=QUARTER, headers=bearer(leader))
    assert r.status_code == 200 and [o["code"] for o in r.json()["offices"]] == [a]
    assert cli_json(dsn, "leader", "list")[0]["last_used_at"]


def test_an_office_outside_the_scope_is_refused(offices, leader, http):
    both = ",".join(o.code for o in offices)
    r = http.get("/v1/reports/dossiers", params={**QUARTER, "offices": both},
                 headers=bearer(leader))
    assert r.status_code == 403
    assert r.json()["error"] == "out_of_scope" and r.json()["offices"] == [offices[1].code]
    assert offices[1].code in r.json()["message"]


def test_a_device_secret_and_other_tokens_are_refused(offices, leader, http, dsn):
    device = enroll(http, dsn, offices[0].code, "pc-report-probe")
    r = http.get("/v1/reports/dossiers", params=QUARTER, headers=bearer(device["secret"]))
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    assert "thiết bị" in r.json()["message"]
    assert http.get("/v1/reports/dossiers", params=QUARTER).status_code == 401
    assert http.get("/v1/reports/dossiers", params=QUARTER,
                    headers=bearer("not-a-token")).status_code == 401
    # A leader's token opens nothing of the devices' protocol.
    for path in ("/v1/status", "/v1/pull"):
        assert http.get(path, headers=bearer(leader)).status_code == 401
    assert http.post("/v1/push", json={"events": []},
                     headers=bearer(leader)).status_code == 401


def test_a_revoked_leader_is_refused(offices, http, dsn):
    token = cli_json(dsn, "leader", "add", "ld-revoked", "--name", "Tạm thời", "--all")["token"]
    assert http.get("/v1/reports/queue", params=QUARTER, headers=bearer(token)).status_code == 200
    cli_json(dsn, "leader", "revoke", "ld-revoked")
    r = http.get("/v1/reports/queue", params=QUARTER, headers=bearer(token))
    assert r.status_code == 403 and r.json()["error"] == "revoked"


def test_bad_requests_get_400_in_vietnamese(offices, leader, http):
    for params, words in (({"from": "2026-13-01", "to": "2026-03-31"}, "YYYY-MM-DD"),
                          ({**QUARTER, "by": "province"}, "Không nhóm theo"),
                          ({**QUARTER, "format": "docx"}, "Định dạng")):
        r = http.get("/v1/reports/dossiers", params=params, headers=bearer(leader))
        assert r.status_code == 400 and words in r.json()["message"], r.text
    r = http.get("/v1/reports/fees", params=QUARTER, headers=bearer(leader))
    assert r.status_code == 400 and "Không có báo cáo" in r.json()["message"]


def test_a_leader_for_every_office_downloads_xlsx_and_pdf(offices, http, dsn, tmp_path):
    token = cli_json(dsn, "leader", "add", "ld-tinh", "--name", "Văn phòng UBND tỉnh Mẫu",
                     "--all")["token"]
    r = http.get("/v1/reports/dossiers", params={**QUARTER, "format": "xlsx"},
                 headers=bearer(token))
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(r.content))["Đơn vị"]
    names = {c.value for c in sheet["B"]}
    assert {o.name for o in offices} <= names
    r = http.get("/v1/reports/dossiers", params={**QUARTER, "format": "pdf"},
                 headers=bearer(token))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "tinh.pdf"
    pdf.write_bytes(r.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "VĂN PHÒNG UBND TỈNH MẪU" in text and "TỔNG HỢP BÁO CÁO CÁC ĐƠN VỊ" in text
    assert "CHI TIẾT THEO ĐƠN VỊ" in text and offices[1].name in text


def test_leader_commands_refuse_unknown_offices_and_duplicates(offices, dsn):
    code, _, err = cli("--dsn", dsn, "leader", "add", "ld-x", "--name", "X", "--offices",
                       "KHONG-CO")
    assert code == 2 and "Không có đơn vị KHONG-CO" in err
    cli_json(dsn, "leader", "add", "ld-y", "--name", "Y", "--offices", offices[1].code)
    code, _, err = cli("--dsn", dsn, "leader", "add", "ld-y", "--name", "Y", "--all")
    assert code == 2 and "Đã có lãnh đạo ld-y" in err
    listed = {r["id"]: r for r in cli_json(dsn, "leader", "list")}
    assert listed["ld-y"]["offices"] == [offices[1].code] and "token" not in listed["ld-y"]
