from hypothesis import given, strategies as st

from counter_app.domain.codes import CodeFormat
from counter_app.domain.scans import classify

FMT = CodeFormat("{agency}-{yymmdd}-{seq:04d}")
QR = "001099012345|123456789|Nguyễn Văn A|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"


def test_card_code_ticket_and_garbage():
    card = classify(QR + "\r\n", FMT)
    assert card.kind == "cccd" and card.card.full_name == "Nguyễn Văn A"
    assert classify(" 000.17.22.H56-210531-0001\n", FMT).kind == "dossier_code"
    assert classify("SOTHUTU|2026-11-23|A025|01ABC", FMT).kind == "ticket"
    junk = classify("http://example.invalid/xyz", FMT)
    assert junk.kind == "unknown" and "quét lại" in junk.message


def test_half_read_card_is_unknown_with_a_message():
    half = classify(QR[:30], FMT)
    assert half.kind == "unknown" and half.message


def test_bytes_and_empty():
    assert classify(QR.encode("utf-8"), FMT).kind == "cccd"
    assert classify(b"\xff\xfe", FMT).kind == "unknown"
    assert classify("   ", FMT).kind == "unknown"


@given(st.text())
def test_never_raises(text):
    assert classify(text, FMT).kind in {"cccd", "dossier_code", "ticket", "unknown"}


def test_the_receipts_transfer_code_opens_its_dossier():
    from counter_app.domain import vietqr
    payload = vietqr.build(vietqr.Transfer("970436", "0011004455667", 10000,
                                           "000.17.22.H56-261118-0001"))
    scan = classify(payload, FMT)
    assert (scan.kind, scan.text) == ("dossier_code", "000.17.22.H56-261118-0001")
    other = vietqr.build(vietqr.Transfer("970436", "0011004455667", 10000, "Tien dien"))
    assert classify(other, FMT).kind == "unknown"
    assert classify(payload[:-1] + "0", FMT).kind == "unknown"     # a bad CRC
