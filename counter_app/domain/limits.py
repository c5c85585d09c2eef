"""The longest text the app accepts in each field, in characters (after cleaning).

One definition for the services (which refuse longer input with a Vietnamese
message, never cutting it short: a cut name would be printed wrongly on a receipt
the citizen signs) and for the GUI (which stops typing at the same length).

The numbers are what forms 01–06 and the citizen forms can lay out: at these
lengths a tracking-book row (form 06, A4 landscape, 8.5 pt in columns 29–44 mm
wide) stays well under one page, and an A5 receipt stays on one or two pages. They
are generous for real data: the longest registered organisation names run to about
120 characters, Vietnamese addresses with hamlet, commune and province to about 150.
"""

from __future__ import annotations

from counter_app.errors import UserInputError

NAME = 150            # a person, or an organisation submitting a dossier
ADDRESS = 300
ID_NUMBER = 12        # số định danh cá nhân (the old CMND has 9)
PHONE = 20            # "+84 912 345 678" with spaces
EMAIL = 120
PORTAL_CODE = 50      # the national portal's dossier code ("G09.20-20260609-0092637")
AGENCY = 200          # a receiving or deciding agency, department
REASON = 1000         # refusal, supplement, withdrawal, stop, apology, changed due date
NOTE = 500            # a hand-over note (form 05)
DOCUMENT_NAME = 300   # one line of a dossier's checklist or of a supplement request
PROCEDURE_NAME = 500  # the catalogue's procedure names (the national database's longest ~400)
FORM_TEXT = 500       # a one-line answer on a citizen's form (may hold a procedure name)
FORM_MULTILINE = 2000  # a multi-line answer on a citizen's form
SEARCH = 200          # what a search box takes (longer queries find nothing more)

# The applicant's fields as ``Applicant`` names them (intake, citizens, citizen forms).
APPLICANT = {"full_name": NAME, "id_number": ID_NUMBER, "old_id_number": ID_NUMBER,
             "address": ADDRESS, "phone": PHONE, "email": EMAIL}

# Citizen-form field types → the longest answer (dates, numbers are short by nature).
FORM_FIELD = {"text": FORM_TEXT, "multiline": FORM_MULTILINE, "date": 40, "time": 20,
              "choice": FORM_TEXT, "id_number": 20, "phone": PHONE, "number": 12}


def excess(text: str, limit: int) -> str | None:
    """"quá dài: 812 ký tự (tối đa 150)" when ``text`` is longer than ``limit``, else None."""
    return f"quá dài: {len(text)} ký tự (tối đa {limit})" if len(text) > limit else None


def check(label: str, text: str, limit: int) -> str:
    """``text`` if it is at most ``limit`` characters; else ``UserInputError`` naming
    the field as the user knows it ("Họ và tên quá dài: 812 ký tự (tối đa 150)…")."""
    message = excess(text, limit)
    if message:
        raise UserInputError(f"{label} {message}. Hãy viết gọn lại.")
    return text
