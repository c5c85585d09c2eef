"""Form 01: GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (TT 01/2018/TT-VPCP, A5).

The dossier code is printed large with a QR code and a Code128 barcode, both of
exactly the code, so the return desk can scan it. With ``copies=2`` the slip is
printed twice, each copy starting on a new page: "Liên 1: Lưu" (kept with the
control slip) and "Liên 2: Giao người nộp hồ sơ". With one copy no "Liên" line is
printed (our choice: the single copy is the applicant's).

When fees are still owed and the office has an account (``Receipt.transfer``), a VietQR
code for the amount owed, captioned "Mã chuyển khoản", stands at the top left of the
code block and the account under the code: there it costs no height, and an A5 receipt
with its signatures is full.
"""

from __future__ import annotations

import functools

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from printing.documents.layout import (A5_PORTRAIT, Signer, build_pdf, cells, field, fields,
                                       form_mark, grid, office_header, para, signatures,
                                       spaced, styles, table_style, title)
from printing.documents.model import Receipt
from printing.documents.text import (BLANK, clock_date, esc, money, two_digits,
                                     working_days)
from printing.documents.wording import FormWording, merged

# Wording, after the model of TT 01/2018 Mẫu 01 as provincial systems print it
# (the official appendix itself was not available; see domain-sources.md §1.3).
# A form set (wording.py) may replace any of it.
WORDING = {
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "code_label": "Mã hồ sơ",
    # An online dossier prints the portal's code as its code (NĐ 309/2026 Điều 17(3),
    # not read here); the local code follows in small type for the office's own lookups.
    "local_code_label": "Mã tiếp nhận tại quầy",
    "copy_labels": ("Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ"),
    "received_from": "Tiếp nhận hồ sơ của",
    "id_number": "Số định danh cá nhân",  # not in the model; implementations add "CCCD/MST"
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "email": "Email",
    "request": "Nội dung yêu cầu giải quyết",
    "documents": "1. Thành phần hồ sơ nộp gồm:",
    "doc_columns": ("TT", "Tên giấy tờ", "Bản chính", "Bản sao", "Số lượng"),
    # A paper shown for inspection and handed back (the ID card) has no count.
    "presented": "Xuất trình",
    "no_documents": "Không có giấy tờ kèm theo",
    "sets": "2. Số lượng hồ sơ",
    "days": "3. Thời gian giải quyết hồ sơ theo quy định là",
    "received_at": "4. Thời gian nhận hồ sơ",
    "due_at": "5. Thời gian trả kết quả giải quyết hồ sơ",
    # Received on behalf of another commune (NĐ 309/2026 Điều 14(4), not read here): the
    # time counts from the competent agency's receipt; before it, no date can be printed.
    "due_pending": "tính từ khi {agency} tiếp nhận hồ sơ",
    "due_counted": "(tính từ khi {agency} tiếp nhận hồ sơ)",
    # The model reads "Đăng ký nhận kết quả tại: …"; ours takes a whole phrase as value
    # ("Tại Bộ phận …", "Qua dịch vụ bưu chính công ích"), so "tại" is left out here.
    "delivery": "6. Đăng ký nhận kết quả",
    "fees": "7. Phí, lệ phí",  # "Phí, lệ phí (nếu có)" in some variants; printed only when due
    "exempt": "miễn",
    "paid": "đã nộp {amount}",
    "owed": "còn phải nộp {amount}",
    # The VietQR block (our addition: the model has none): how to pay what is owed.
    "transfer_caption": "Mã chuyển khoản",
    # Plain text (an office may edit it); the values are printed in bold.
    "transfer": ("Chuyển khoản (quét “Mã chuyển khoản” bằng ứng dụng ngân hàng): {bank}tài khoản "
                 "{account} – {name}, số tiền {amount}, nội dung {note}."),
    "book": "Vào Sổ theo dõi hồ sơ, Quyển số: {book}   Số thứ tự: {line}",
    "applicant_sign": "NGƯỜI NỘP HỒ SƠ",
    "receiver_sign": "NGƯỜI TIẾP NHẬN HỒ SƠ",
}
TITLE = WORDING["title"]
CODE_LABEL = WORDING["code_label"]
COPY_LABELS = WORDING["copy_labels"]

QR_SIZE = 20 * mm      # 0.6 mm modules for a dossier code: read by any scanner
TRANSFER_QR_SIZE = 20 * mm
BAR_MODULE = 0.25 * mm


def render(data: Receipt, wording: FormWording | None = None) -> bytes:
    if data.copies not in (1, 2):
        raise ValueError(f"copies must be 1 or 2, not {data.copies}")
    w = merged(WORDING, wording)
    story = []
    labels = w["copy_labels"] if data.copies == 2 else ("",)
    for i, label in enumerate(labels):
        if i:
            story.append(PageBreak())
        story += _copy(data, label, w, wording)
    code = printed_code(data)
    return build_pdf(story, A5_PORTRAIT, f"{w['title']} {code}", subject=code)


def printed_code(data: Receipt) -> str:
    """The dossier's code as the citizen knows it: the portal's for an online dossier."""
    return data.portal_code or data.code


def _copy(data: Receipt, label: str, w: dict, wording: FormWording | None) -> list:
    width = A5_PORTRAIT.width
    signed = data.signed_at or data.received_at  # a receipt is signed when received
    story = [*form_mark(wording), office_header(data.header, signed, width)]
    story += title(w["title"])
    local = f"{w['local_code_label']}: {data.code}" if data.portal_code else ""
    transfer = _transfer_code(data.transfer, w) if data.transfer else None
    story.append(code_block(printed_code(data), label, width, w["code_label"], local,
                            transfer, _transfer_account(data.transfer, w)
                            if data.transfer else None))
    story += _applicant(data, w)
    story += _documents(data, width, w)
    story += _terms(data, w)
    # An A5 receipt is full (the set's form mark, the centre's two-line name): a little
    # less room to sign than the other forms keeps a usual dossier on one page.
    story.append(signatures([Signer(w["applicant_sign"], data.applicant.full_name),
                             Signer(w["receiver_sign"], data.receiver_name)], width,
                            gap=12 * mm))
    return story


def code_block(code: str, label: str, width: float, code_label: str = CODE_LABEL,
               secondary: str = "", transfer: list | None = None,
               account: Flowable | None = None) -> Table:
    """"Mã hồ sơ: <code>" in large type over its Code128, the QR beside them;
    ``secondary`` (the local code of an online dossier) in small type under them;
    ``transfer`` (the VietQR code of the fees owed, captioned) at the left and the
    ``account`` it pays into under the code (the row's height is the QR's anyway)."""
    st = styles()
    big = ParagraphStyle("code", parent=st.center, fontName=st.bold, fontSize=13, leading=16)
    left_w = TRANSFER_QR_SIZE + 2 * mm if transfer else 0
    text_w = width - QR_SIZE - left_w
    left = [para(f"{esc(code_label)}: {esc(code)}", big), Spacer(0, 1 * mm),
            Code128(code, barWidth=BAR_MODULE, barHeight=8 * mm, humanReadable=False)]
    if secondary:
        left += [Spacer(0, 0.5 * mm), para(esc(secondary), ParagraphStyle(
            "secondary", parent=st.center, fontSize=st.small.fontSize))]
    if account is not None:
        left += [Spacer(0, 0.5 * mm), account]
    if label:
        italic = ParagraphStyle("liên", parent=st.center, fontName=st.italic)
        left += [Spacer(0, 1 * mm), para(f"({esc(label)})", italic)]
    row, widths = [left, QrCode(code, QR_SIZE)], [text_w, QR_SIZE]
    if transfer:
        row, widths = [transfer, *row], [left_w, *widths]
    table = Table([row], colWidths=widths)
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("ALIGN", (-2, 0), (-2, 0), "CENTER"),
                               ("ALIGN", (-1, 0), (-1, 0), "RIGHT"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


class QrCode(Flowable):
    """A QR code of ``text`` (error correction M), ``size`` points square including
    its quiet zone of four modules.

    Drawn from the ``qrcode`` package's matrix as one filled path: reportlab's
    QrCodeWidget encodes twice and builds a shape per module, ~10× slower."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.text, self.width, self.height = text, size, size

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self) -> None:
        matrix = qr_matrix(self.text)
        module = self.width / len(matrix)
        self.canv.saveState()
        self.canv.transform(module, 0, 0, -module, 0, self.height)  # 1 unit = 1 module
        self.canv.addLiteral(qr_path(self.text) + " f")
        self.canv.restoreState()


def qr_path(text: str) -> str:
    """PDF path operators: one rectangle per run of dark modules, in module units
    with the origin at the top left (written directly: thousands of small rects
    through reportlab's path API cost more than the rest of the page)."""
    ops = []
    for row, dark in enumerate(qr_matrix(text)):
        col = 0
        while col < len(dark):
            if not dark[col]:
                col += 1
                continue
            start = col
            while col < len(dark) and dark[col]:
                col += 1
            ops.append(f"{start} {row} {col - start} 1 re")
    return "\n".join(ops)


@functools.lru_cache(maxsize=64)
def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    return tuple(tuple(row) for row in qr.get_matrix())


def _applicant(data: Receipt, w: dict) -> list:
    a = data.applicant
    lines = [field(w["received_from"], a.full_name, bold=True)]
    if a.id_number:
        lines.append(field(w["id_number"], a.id_number))
    lines += [field(w["address"], a.address), fields((w["phone"], a.phone), (w["email"], a.email)),
              field(w["request"], data.procedure_name, bold=True)]
    return lines


def _documents(data: Receipt, width: float, w: dict) -> list:
    st = styles()
    rows, spans = [cells(w["doc_columns"], st.cell_head)], []
    for i, doc in enumerate(data.documents, start=1):
        if doc.presented:
            # Shown and handed back: "Xuất trình" across the three count columns.
            spans.append(((2, len(rows)), (4, len(rows))))
            rows.append([str(i), para(esc(doc.name), st.cell),
                         para(esc(w["presented"]), st.cell_center), "", ""])
            continue
        quantity = doc.quantity if doc.quantity is not None else doc.originals + doc.copies
        rows.append([str(i), para(esc(doc.name), st.cell),
                     *(str(n) if n else "" for n in (doc.originals, doc.copies, quantity))])
    if not data.documents:
        rows.append(["", para(esc(w["no_documents"]), st.cell), "", "", ""])
    fixed = [8 * mm, 14 * mm, 13 * mm, 14 * mm]
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    return [para(esc(w["documents"])), grid(rows, widths, spans=spans, centered=(0, 2, 3, 4)),
            Spacer(0, 1.5 * mm)]


def _terms(data: Receipt, w: dict) -> list:
    lines = [field(w["sets"], f"{two_digits(data.sets)} (bộ)"),
             field(w["days"], working_days(data.processing_days), bold=True),
             field(w["received_at"], clock_date(data.received_at)),
             field(w["due_at"], due_text(data, w), bold=True),
             field(w["delivery"], data.result_delivery)]
    if data.fees or data.exempt:
        lines.append(_fees(data, w))
    book = two_digits(data.book_number)
    line = BLANK if data.book_line is None else str(data.book_line)
    book_line = para(spaced(w["book"].format(book=book, line=line)))
    return [*lines, book_line]


def due_text(data: Receipt, w: dict) -> str:
    """The appointment; for a dossier received on behalf of another commune, from when it
    counts — alone while that agency has not received it (no date is known yet)."""
    agency = data.competent_agency
    if agency and data.due_at is None:
        return w["due_pending"].format(agency=agency)
    text = clock_date(data.due_at)
    return f"{text} {w['due_counted'].format(agency=agency)}" if agency else text


def _fees(data: Receipt, w: dict):
    """"7. Phí, lệ phí: Lệ phí 8.000 đồng; Phí … (miễn: lý do); đã nộp …"."""
    fees = data.fees
    parts = [f"{esc(name)} {money(amount)}" for name, amount in fees]
    parts += [f"{esc(name)} ({esc(w['exempt'])}: {esc(reason)})" for name, reason in data.exempt]
    if len(fees) > 1:
        parts.append(f"tổng cộng {money(sum(a for _, a in fees))}")
    due = sum(a for _, a in fees)
    if data.paid:
        parts.append(esc(w["paid"].format(amount=money(data.paid))))
    if data.paid and due > data.paid:
        parts.append(esc(w["owed"].format(amount=money(due - data.paid))))
    return para(f"{esc(w['fees'])}: " + "; ".join(parts) + ".")




def _transfer_code(t, w: dict) -> list:
    """The VietQR code of the amount owed, captioned so it is not taken for the
    dossier's own code: at the top left, beside the code block, where it costs no
    height (an A5 receipt is full)."""
    st = styles()
    caption = ParagraphStyle("transfer_caption", parent=st.center, fontName=st.italic,
                             fontSize=st.small.fontSize - 1, leading=st.small.fontSize)
    return [QrCode(t.payload, TRANSFER_QR_SIZE), para(esc(w["transfer_caption"]), caption)]


def _transfer_account(t, w: dict):
    """The account the code pays into, in small type."""
    st = styles()
    small = ParagraphStyle("transfer", parent=st.center, fontSize=st.small.fontSize - 1,
                           leading=st.small.fontSize)
    def bold(value: str) -> str:
        return f"<b>{esc(value)}</b>"
    text = esc(w["transfer"]).format(bank=f"{esc(t.bank_name)}, " if t.bank_name else "",
                                     account=bold(t.account_number), name=bold(t.account_name),
                                     amount=bold(money(t.amount)), note=bold(t.note))
    return para(text, small)
