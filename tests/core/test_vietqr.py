"""VietQR payloads against published examples (strings that other VietQR implementations
print and that, by their account, banking apps and the VietQR image service produce)."""

from __future__ import annotations

import pytest

from counter_app.domain import vietqr
from counter_app.domain.vietqr import Transfer, VietQRError

# (payload, what it asks for): dynamic with amount and note, static, another bank.
VECTORS = [
    ("00020101021238540010A00000072701240006970436011012345678900208QRIBFTTA5303704"
     "5405500005802VN62130809TEST MEMO6304DBA4",
     Transfer("970436", "1234567890", 50000, "TEST MEMO")),
    ("00020101021138540010A00000072701240006970436011012345678900208QRIBFTTA5303704"
     "5802VN6304BE57", Transfer("970436", "1234567890")),
    ("00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704"
     "5405100005802VN62150811Chuyen tien630453E6",
     Transfer("970416", "257678859", 10000, "Chuyen tien")),
    ("00020101021138530010A0000007270123000697041501091234567890208QRIBFTTA5303704"
     "5802VN63046376", Transfer("970415", "123456789")),
]


def test_crc_is_ccitt_false():
    assert vietqr.crc16(b"123456789") == 0x29B1


@pytest.mark.parametrize("payload, transfer", VECTORS)
def test_published_examples_build_and_parse(payload, transfer):
    assert vietqr.build(transfer) == payload
    assert vietqr.parse(payload) == transfer


def test_a_dossier_code_is_the_note():
    payload = vietqr.build(Transfer("970418", "12010000123456", 8000,
                                    "000.17.22.H56-260309-0001"))
    assert vietqr.objects(vietqr.objects(payload)["62"]) == {"08": "000.17.22.H56-260309-0001"}
    assert vietqr.parse(payload).amount == 8000


def test_a_changed_character_fails_the_crc():
    payload = VECTORS[0][0].replace("TEST MEMO", "TEST MEMA")
    with pytest.raises(VietQRError, match="CRC"):
        vietqr.parse(payload)


@pytest.mark.parametrize("transfer, words", [
    (Transfer("97043", "1234567890", 1000), "BIN"),
    (Transfer("970436", "1234-5678", 1000), "số tài khoản"),
    (Transfer("970436", "1234567890", 1000, "Lệ phí hộ tịch"), "không dấu"),
    (Transfer("970436", "1234567890", 1000, "X" * 26), "25 ký tự"),
    (Transfer("970436", "1234567890", 0), "lớn hơn 0"),
])
def test_what_a_bank_app_cannot_read_is_refused(transfer, words):
    with pytest.raises(VietQRError, match=words):
        vietqr.build(transfer)


@pytest.mark.parametrize("payload", ["", "0002", "000201010212380", "not a qr",
                                     VECTORS[1][0][:-4] + "ZZZZ"])
def test_broken_payloads_are_refused(payload):
    with pytest.raises(VietQRError):
        vietqr.parse(payload)
