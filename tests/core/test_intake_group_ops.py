"""The intake page's linked-group operations (ui/pages/intake/ops.py, no Qt): listing the
catalogue's groups, what a group shows before it is received, and receiving it in one
intake — linked dossiers, each with its form 01 read back, or nothing at all."""

import subprocess

import pytest

from counter_app.errors import UserInputError
from counter_app.services import catalogue, drafts, officers
from counter_app.services.citizens import Applicant
from counter_app.services.setup import DEMO_PASSWORD
from ui.pages.intake.ops import (GroupSubmission, group_delivery, group_info, keep_draft,
                                 list_groups, read_draft, read_start, submit_group)

MOTHER = Applicant(full_name="Trần Thị Hoa", id_number="001190001234", phone="0912345678")


@pytest.fixture
def desk(core):
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def count(core, table: str) -> int:
    return core.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_the_start_lists_the_active_groups_of_the_catalogue(desk):
    start = read_start(desk, 1)
    codes = [g.code for g in start.groups]
    assert codes == [g.code for g in catalogue.list_groups(desk)]
    assert start.groups == list_groups(desk)
    assert "LT-KHAISINH" in codes
    birth = next(g for g in start.groups if g.code == "LT-KHAISINH")
    assert birth.procedures == catalogue.get_group(desk, "LT-KHAISINH").procedures


def test_a_group_shows_each_member_with_its_documents_and_due_date(desk):
    info = group_info(desk, "LT-KHAISINH")
    group = catalogue.get_group(desk, "LT-KHAISINH")
    assert [m.procedure.code for m in info.members] == list(group.procedures)
    for member in info.members:
        assert member.procedure.documents       # each member's own checklist
        assert member.due.tzinfo is not None
    assert set(group_delivery(info)) <= {"counter", "post", "online"}
    assert group_delivery(info)


def test_receiving_a_group_records_linked_dossiers_and_their_receipts(desk, tmp_path):
    keep_draft(desk, {"group_code": "LT-KHAISINH", "applicant": {"full_name": "Trần Thị Hoa"}})
    result = submit_group(desk, GroupSubmission("LT-KHAISINH", MOTHER))
    codes = [r.dossier["code"] for r in result.results]
    assert len(codes) == 3 and len(set(codes)) == 3
    rows = desk.conn.execute("SELECT code, group_id, procedure_code FROM dossiers "
                             "WHERE group_id = ? ORDER BY book_line", (result.group_id,))
    assert [(r["code"], r["procedure_code"]) for r in rows] == \
        list(zip(codes, catalogue.get_group(desk, "LT-KHAISINH").procedures))
    for r in result.results:
        assert r.form == "form01" and r.pdf_error == "" and r.pdf_path.exists()
        text = subprocess.run(["pdftotext", str(r.pdf_path), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert r.dossier["code"] in text and "Trần Thị Hoa" in text
    assert drafts.load(desk, drafts.INTAKE, "") is None     # used up with the intake


def test_a_bad_applicant_records_no_dossier_of_the_group(desk):
    keep_draft(desk, {"group_code": "LT-KHAITU", "applicant": {"phone": "09"}})
    before = count(desk, "dossiers"), count(desk, "events")
    with pytest.raises(UserInputError):
        submit_group(desk, GroupSubmission("LT-KHAITU", Applicant(full_name="")))
    assert (count(desk, "dossiers"), count(desk, "events")) == before
    kept = read_draft(desk)                      # nothing lost: the draft is still there
    assert kept is not None and kept.group is not None and kept.group.code == "LT-KHAITU"


def test_each_member_keeps_its_own_checklist_as_ticked(desk):
    first, second = catalogue.get_group(desk, "LT-KHAISINH").procedures[:2]
    ticked = [{**d.to_dict(), "provided": i != 0} for i, d in
              enumerate(catalogue.get_procedure(desk, first).documents)]
    result = submit_group(desk, GroupSubmission("LT-KHAISINH", MOTHER,
                                                documents={first: ticked}))
    kept = result.results[0].dossier["documents"]
    assert [(d["name"], d["provided"]) for d in kept] == \
        [(d["name"], d["provided"]) for d in ticked]
    catalogue_list = catalogue.get_procedure(desk, second).documents
    assert [(d["name"], d["provided"]) for d in result.results[1].dossier["documents"]] == \
        [(d.name, not d.optional) for d in catalogue_list]      # not given: all provided


RESIDENCE_FEE = "Lệ phí đăng ký cư trú"


def test_each_linked_dossier_charges_its_fees_and_is_paid_at_intake(desk):
    """The residence registration charges a fee set by the province (the officer types
    it); the birth registration and the insurance card charge nothing. Paid in cash:
    only the dossier that owes gets a payment."""
    result = submit_group(desk, GroupSubmission(
        "LT-KHAISINH", MOTHER, fees={"DEMO-CTR-01": [{"name": RESIDENCE_FEE,
                                                      "amount_vnd": 15000}]},
        payment_method="cash"))
    got = {r.dossier["procedure_code"]: (r.dossier["fee_total"], r.dossier["fee_paid"])
           for r in result.results}
    assert got == {"DEMO-HT-01": (0, 0), "DEMO-CTR-01": (15000, 15000), "DEMO-BH-01": (0, 0)}
    assert count(desk, "dossier_payments") == 1


def test_a_group_owing_nothing_refuses_a_payment_and_records_nothing(desk):
    with pytest.raises(UserInputError, match="không có khoản phí"):
        submit_group(desk, GroupSubmission("LT-KHAISINH", MOTHER, payment_method="cash"))
    assert count(desk, "dossiers") == 0
