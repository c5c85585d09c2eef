"""Procedures change on a date, linked procedures are received together, and a dossier
taken for another commune counts from the competent agency's receipt (issue 13 §6, §8)."""

import json
from datetime import date, datetime, timezone

import pytest

from counter_app import catalogue_io
from counter_app.domain.catalogue import CatalogueImportError
from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.errors import UserInputError
from counter_app.services import catalogue, dossiers, group_intake, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from db import commands, projections
from tests.conftest import table_dump

ANH = Applicant(full_name="Phạm Thị Ngọc Ánh", id_number="001199004455")


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ)


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(datetime(2027, 6, 1, 3, tzinfo=timezone.utc).timestamp() * 1000))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def load(core, data: dict):
    core.officer, officer = None, core.officer          # imports are the administrator's
    try:
        return catalogue.import_records(core, catalogue_io.read_bytes(
            json.dumps(data, ensure_ascii=False).encode("utf-8"), "json", "test.json"))
    finally:
        core.officer = officer


def test_a_procedure_version_switches_on_its_effective_date(c):
    load(c, {"procedures": [{"code": "DEMO-HT-05", "effective_from": "01/09/2027",
                             "processing_days": 5, "legal_basis": "Văn bản mới"}]})
    before = intake.receive(c, IntakeRequest("DEMO-HT-05", ANH, received_at=at(2027, 2, 26)))
    law = intake.receive(c, IntakeRequest("DEMO-HT-05", ANH, received_at=at(2027, 3, 1)))
    assert before["procedure_version"] == "" and before["processing_days"] == 3
    assert law["procedure_version"] == "2027-03-01"   # the demo catalogue's Luật Hộ tịch 2026
    assert catalogue.procedure_in_force(c, "DEMO-HT-05", date(2027, 8, 31)).processing_days == 3
    new = catalogue.procedure_in_force(c, "DEMO-HT-05", date(2027, 9, 1))
    assert (new.processing_days, new.legal_basis, new.effective_from) == \
        (5, "Văn bản mới", "2027-09-01")
    assert new.name == "Cấp Giấy xác nhận tình trạng hôn nhân"      # merged onto 1/3/2027
    c.clock = FixedClock(int(at(2027, 9, 1, 11).timestamp() * 1000))
    d = intake.receive(c, IntakeRequest("DEMO-HT-05", ANH, received_at=at(2027, 9, 1)))
    assert d["procedure_version"] == "2027-09-01" and d["processing_days"] == 5
    assert d["due_at_local"] == "2027-09-10T17:00"   # 5 working days; 2–3/9 are off


def test_the_demo_catalogue_switches_to_the_2026_civil_status_law(c):
    old = catalogue.procedure_in_force(c, "DEMO-HT-01", date(2027, 2, 28))
    new = catalogue.procedure_in_force(c, "DEMO-HT-01", date(2027, 3, 1))
    assert "60/2014/QH13" in old.legal_basis and "03/2026/QH16" in new.legal_basis
    assert new.documents == old.documents and new.same_day
    fees = " ".join(f.text for p in catalogue.list_procedures(c, include_inactive=True)
                    for f in p.fees)
    assert "250/2016" not in fees and "85/2019/TT-BTC" in fees and "106/2021" in fees
    social = [p for p in catalogue.list_procedures(c, field_code="BAOTRO")]
    assert social and all("huyện" not in p.agency for p in social)


def test_a_version_needs_its_base_record_and_a_real_date(c):
    with pytest.raises(CatalogueImportError) as exc:
        load(c, {"procedures": [{"code": "KHONG-CO", "effective_from": "2027-03-01"},
                                {"code": "DEMO-HT-05", "effective_from": "31/02/2027"}]})
    text = str(exc.value)
    assert "chưa có trong danh mục" in text and "ngày hiệu lực '31/02/2027'" in text


def test_a_linked_procedure_group_yields_linked_dossiers(c):
    found = group_intake.receive_group(c, "LT-KHAISINH", ANH, received_at=at(2027, 6, 1, 9))
    assert [d["procedure_code"] for d in found] == ["DEMO-HT-01", "DEMO-CTR-01", "DEMO-BH-01"]
    codes = [d["code"] for d in found]
    assert codes == [f"000.17.22.H56-270601-000{i}" for i in (1, 2, 3)]
    assert len({d["group_id"] for d in found}) == 1 and found[0]["group_id"]
    assert [d["book_line"] for d in found] == [1, 2, 3]
    assert found[0]["due_at_local"] == "2027-06-01T17:00"            # same day (birth)
    assert found[1]["due_at_local"] == "2027-06-10T17:00"            # 7 working days
    assert dossiers.detail(c, codes[0])["linked"] == codes[1:]
    assert dossiers.detail(c, codes[2])["linked"] == codes[:2]
    live = table_dump(c.conn, projections.TABLES)
    commands.rebuild_projections(c.conn)
    assert table_dump(c.conn, projections.TABLES) == live


def test_a_group_is_all_or_nothing(c):
    with pytest.raises(UserInputError):
        group_intake.receive_group(c, "LT-KHAITU", Applicant(full_name=""))
    with pytest.raises(Exception, match="nhóm thủ tục liên thông mã 'KHONG-CO'"):
        group_intake.receive_group(c, "KHONG-CO", ANH)
    assert c.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0


def test_a_group_names_procedures_of_the_catalogue(c):
    with pytest.raises(CatalogueImportError, match="'KHONG-CO' của nhóm chưa có"):
        load(c, {"groups": [{"code": "LT-X", "name": "Thử", "procedures": ["DEMO-HT-01",
                                                                           "KHONG-CO"]}]})
    with pytest.raises(CatalogueImportError, match="ít nhất hai thủ tục"):
        load(c, {"groups": [{"code": "LT-X", "name": "Thử", "procedures": ["DEMO-HT-01"]}]})


def test_received_for_another_commune_counts_from_the_competent_receipt(c):
    """NĐ 309/2026 art. 14(4): taken at this counter on Monday 31/5, received by the
    competent commune on Wednesday 2/6 at 14:00: 3 working days from Wednesday."""
    c.clock = FixedClock(int(at(2027, 6, 3, 9).timestamp() * 1000))
    req = IntakeRequest("DEMO-HT-05", ANH, received_at=at(2027, 5, 31, 9),
                        competent_agency="UBND xã Bên Cạnh",
                        competent_received_at=at(2027, 6, 2, 14))
    d = intake.receive(c, req)
    assert d["received_at_local"] == "2027-05-31T09:00"
    assert d["due_at_local"] == "2027-06-07T17:00"        # Thu, Fri, Mon
    assert d["competent_agency"] == "UBND xã Bên Cạnh" and d["counted_from"]
    own = intake.receive(c, IntakeRequest("DEMO-HT-05", ANH, received_at=at(2027, 5, 31, 9)))
    assert own["due_at_local"] == "2027-06-03T17:00" and own["counted_from"] is None


@pytest.mark.parametrize("kw,message", [
    (dict(competent_received_at=at(2027, 6, 1, 8)), "hãy ghi tên cơ quan có thẩm quyền"),
    (dict(competent_agency="UBND xã B", competent_received_at=at(2027, 5, 30)), "không được trước"),
    (dict(competent_agency="UBND xã B", competent_received_at=at(2027, 7, 1)), "ở tương lai"),
])
def test_competent_receipt_bad_input_records_nothing(c, kw, message):
    with pytest.raises(UserInputError, match=message):
        intake.receive(c, IntakeRequest("DEMO-HT-05", ANH, received_at=at(2027, 5, 31), **kw))
    assert c.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0


def test_cli_receive_group_and_its_bad_input(tmp_path):
    from tests.core.test_cli import run
    qr = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
    paths = ["--db", tmp_path / "x.sqlite", "--config", tmp_path / "c.json"]
    assert run(*paths, "init", "--demo").returncode == 0
    paths += ["--user", "canbo1"]
    r = run(*paths, "dossier", "receive-group", "--group", "LT-KHAITU", "--citizen-qr", qr,
            "--received", "2026-11-18T10:00", "--json")
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)["dossiers"]
    assert [d["procedure_code"] for d in found] == ["DEMO-HT-03", "DEMO-CTR-02", "DEMO-BT-02"]
    assert len({d["group_id"] for d in found}) == 1
    shown = run(*paths, "dossier", "show", found[1]["code"]).stdout
    assert f"Hồ sơ liên thông: {found[0]['code']}, {found[2]['code']}" in shown
    r = run(*paths, "dossier", "receive-group", "--group", "KHONG-CO", "--citizen-qr", qr,
            "--json")
    assert r.returncode == 2 and "KHONG-CO" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""
    groups = json.loads(run(*paths, "catalogue", "groups", "--json").stdout)["groups"]
    assert [g["code"] for g in groups] == ["LT-KHAISINH", "LT-KHAITU"]
    versions = json.loads(run(*paths, "catalogue", "versions", "DEMO-HT-01", "--on",
                              "2027-03-01", "--json").stdout)["versions"]
    assert versions[0]["effective_from"] == "2027-03-01"
