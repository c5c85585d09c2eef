"""Who may do what: one table, role × action, checked by every service call.

An *action* is named ``module.function`` after the service function that does
it (``officers.set_role``, ``queue.call_next``); a few rows name a part of an
action the function checks itself (``officers.reset_password``: changing
someone else's password). ``counter_app.services.core.guarded`` refuses to wrap
a function that has no row here, and ``tests/core/test_permissions.py`` calls
every row as every principal, so an action cannot be added without its row.

Principals are the officers' roles and the devices that run without an
officer: the kiosk (issues tickets), the display board (reads the queue), the
rating screen beside a counter (asks about the service just finished there and
records the citizen's rating), the command line without ``--user`` (read-only look-ups of public reference data)
and the system itself (setup, the background sync, maintenance): the system
may do everything, and nothing else gets a right it is not given here. Nobody
logged in is no principal at all: every action is refused.
"""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.roles import Role


class Device(StrEnum):
    """Principals that are not an officer."""

    KIOSK = "kiosk"          # the citizens' ticket kiosk
    BOARD = "board"          # the display board (and its voice)
    RATING = "rating"        # the citizens' rating screen beside a counter
    CONSOLE = "console"      # counter-app without --user: public reference data only
    SYSTEM = "system"        # setup, background sync, maintenance tools

    @property
    def label(self) -> str:
        return DEVICE_LABELS[self]


DEVICE_LABELS = {
    Device.KIOSK: "Ki-ốt lấy số",
    Device.BOARD: "Bảng hiển thị",
    Device.RATING: "Màn hình đánh giá",
    Device.CONSOLE: "Dòng lệnh chưa đăng nhập",
    Device.SYSTEM: "Hệ thống",
}

Principal = Role | Device

C, S, L, A = Role.COUNTER, Role.SUPPORT, Role.LEADER, Role.ADMIN
K, B, R, X = Device.KIOSK, Device.BOARD, Device.RATING, Device.CONSOLE

ADMIN = frozenset({A})
OFFICERS = frozenset({C, S, L, A})
COUNTER_WORK = frozenset({C, A})              # the counter's own work: queue, intake, steps
FORM_WORK = frozenset({S, C, A})              # "Công dân không viết"
REPORTS = frozenset({L, A})
SYSTEM_ONLY: frozenset = frozenset()          # setup and maintenance: the system alone
REFERENCE = OFFICERS | {X}                    # public reference data (catalogue, calendar)

PERMISSIONS: dict[str, frozenset] = {
    # accounts
    "officers.create_officer": ADMIN,
    "officers.list_officers": ADMIN,
    "officers.set_role": ADMIN,
    "officers.set_active": ADMIN,
    "officers.reset_password": ADMIN,         # change_password of someone else
    "officers.change_password": OFFICERS,     # one's own, with the old password
    "officers.get_officer": OFFICERS,
    "officers.names": OFFICERS,
    "officers.count_active": OFFICERS,
    # office set-up
    "office.define_counter": ADMIN,
    "office.define_service": ADMIN,
    "office.list_counters": OFFICERS | {K, B},
    "office.list_services": OFFICERS | {K, B},
    "office_config.set_value": ADMIN,
    "office_config.set_values": ADMIN,
    "office_config.current": ADMIN,
    "printer_setup.detected_printers": ADMIN,
    "printer_setup.test_ticket_printer": ADMIN,
    "database.rebuild_projections": ADMIN,
    "backups.backup_to": ADMIN,               # counter-app backup --out FILE
    "backups.restore": ADMIN,                 # counter-app restore FILE
    "client.enroll": ADMIN,
    "reenroll.reenroll": ADMIN,               # counter-app sync reenroll (docs/SYNC.md)
    "client.sync_once": ADMIN,
    "client.status_view": OFFICERS | {X},
    # catalogue
    "catalogue.import_file": ADMIN,
    "catalogue.import_records": ADMIN,
    "catalogue.seed_demo_catalogue": SYSTEM_ONLY,
    "catalogue.export_file": REFERENCE,
    "catalogue.list_fields": REFERENCE,
    "catalogue.list_procedures": REFERENCE,
    "catalogue.get_procedure": REFERENCE,
    "catalogue.procedure_in_force": REFERENCE,
    "catalogue.versions_of": REFERENCE,
    "catalogue.get_group": REFERENCE,
    "catalogue.list_groups": REFERENCE,
    # calendar
    "calendar.set_day": ADMIN,
    "calendar.clear_day": ADMIN,
    "calendar.schedule": REFERENCE,
    "calendar.load": REFERENCE,
    "calendar.year_exceptions": REFERENCE,
    "calendar.due": REFERENCE,
    # queue
    "queue.issue_ticket": COUNTER_WORK | {K},
    "queue.record_print": COUNTER_WORK | {K},
    "queue.get_ticket": COUNTER_WORK | {K},
    "queue.today": OFFICERS | {K, B, X},      # the office's date, nothing more
    "queue.find_today": COUNTER_WORK,
    "queue.call_next": COUNTER_WORK,
    "queue.peek_next": COUNTER_WORK,
    "queue.act": COUNTER_WORK,
    "queue.call_number": COUNTER_WORK,
    "queue.transfer": COUNTER_WORK,
    "queue.current_at": COUNTER_WORK | {B},
    "queue.waiting": COUNTER_WORK | {B},
    "queue_config.list_services": OFFICERS | {K, X},
    "queue_config.find_service": OFFICERS | {K, X},
    "queue_config.list_priorities": OFFICERS | {K, X},
    "queue_config.find_priority": OFFICERS | {K, X},
    "queue_config.update_service": ADMIN,
    "queue_config.define_priority": ADMIN,
    "queue_config.set_setting": ADMIN,
    "queue_config.set_policy": ADMIN,
    "queue_config.current_policy": OFFICERS,
    "queue_config.seed_defaults": SYSTEM_ONLY,
    "queue_stats.status": OFFICERS | {K, B, X},
    "queue_stats.calls_since": COUNTER_WORK | {B},
    "queue_stats.stats": REPORTS,
    "ticket_printing.printer_url": COUNTER_WORK | {K},
    "ticket_printing.content_for": COUNTER_WORK | {K},
    "ticket_printing.print_now": COUNTER_WORK | {K},
    "ticket_printing.record_result": COUNTER_WORK | {K},
    "ticket_printing.unprinted_tickets": COUNTER_WORK | {K},
    "ticket_printing.issue_and_print": COUNTER_WORK | {K},
    "printer_alerts.ticket_printer_alerts": OFFICERS | {K},
    # intake and dossiers
    "intake.receive": COUNTER_WORK,
    "intake.start_new_book": COUNTER_WORK,
    "intake.office_book": COUNTER_WORK,
    "intake.current_book": COUNTER_WORK | REPORTS,
    "intake.book_summary": COUNTER_WORK | REPORTS,
    "intake.book_entries": COUNTER_WORK | REPORTS,
    "intake_forms.prepare": COUNTER_WORK,
    "intake_forms.slip_columns": COUNTER_WORK,
    "group_intake.receive_group": COUNTER_WORK,
    # guidance and refusal slips at intake: issued like a dossier, read and reprinted
    # like one
    "slips.issue": COUNTER_WORK,
    "slips.get": OFFICERS,
    "slips.by_number": OFFICERS,
    "slips.find": OFFICERS,
    "slips.search": OFFICERS,
    "slips.procedures": OFFICERS,
    "slips.render": OFFICERS,
    "slips.save": OFFICERS,
    "codes.new_code": COUNTER_WORK,
    "codes.island_prefix": OFFICERS,
    "codes.allocator": COUNTER_WORK,
    "codes.code_format": OFFICERS,
    "codes.agency_code": OFFICERS,
    "citizens.lookup": FORM_WORK,
    "drafts.save": OFFICERS,
    "drafts.load": OFFICERS,
    "drafts.discard": OFFICERS,
    "drafts.keys": OFFICERS,
    "dossiers.get": OFFICERS,
    "dossiers.by_code": OFFICERS,
    "dossiers.detail": OFFICERS,
    "dossiers.search": OFFICERS,
    "dossiers.looks_like_code": OFFICERS,
    "dossiers.linked_codes": OFFICERS,
    "dossiers.due_today_and_overdue": COUNTER_WORK | REPORTS,
    "dossiers.transfer": COUNTER_WORK,
    "dossiers.request_supplement": COUNTER_WORK,
    "dossiers.supplement_received": COUNTER_WORK,
    "dossiers.resolve": COUNTER_WORK,
    "dossiers.return_result": COUNTER_WORK,
    "dossiers.withdraw": COUNTER_WORK,
    "dossiers.stop": COUNTER_WORK,
    "dossiers.apologize": COUNTER_WORK,
    "competent.record_receipt": COUNTER_WORK,
    "competent.check_moment": COUNTER_WORK,
    "competent.due_from": COUNTER_WORK,
    # fees: payments and refunds are counter work (the cash is at the counter); a fee
    # correction (with its reason, in the history) is made by the counter officer who
    # sees the papers, or by the leader who decides it; whoever reads a dossier sees
    # them and its transfer code (form 01 is reprinted by whoever reads dossiers)
    "fees.pay": COUNTER_WORK,
    "fees.refund": COUNTER_WORK,
    "fees.correct": COUNTER_WORK | {L},
    "fees.payments": OFFICERS,
    "fees.transfer_code": OFFICERS,
    "attachments.attach": COUNTER_WORK,
    "attachments.sweep_folder": COUNTER_WORK,
    "attachments.storage_root": OFFICERS,
    "attachments.stored_file": OFFICERS,
    "attachments.store_generated_pdf": COUNTER_WORK,
    # the official forms 01–05 of a dossier: whoever reads dossiers may reprint them
    "documents.header": OFFICERS,
    "documents.officer_name": OFFICERS,
    "documents.deciding_agency_name": OFFICERS,
    "documents.transfer_deadline": OFFICERS,
    "documents.stop": OFFICERS,
    "official_forms.current": OFFICERS,      # the office's form set (wording of 01–06)
    "documents.receipt": OFFICERS,
    "documents.supplement": OFFICERS,
    "documents.refusal": OFFICERS,
    "documents.apology": OFFICERS,
    "documents.control_slip": OFFICERS,
    "documents.render": OFFICERS,
    "documents.save": OFFICERS,
    "documents.tracking_book": COUNTER_WORK | REPORTS,
    "documents.save_book": COUNTER_WORK | REPORTS,
    # citizens' application forms ("Công dân không viết")
    **{f"citizen_forms.{name}": FORM_WORK for name in (
        "template", "templates_for", "context", "start", "add_form", "set_requester",
        "save_draft", "list_drafts", "load_draft", "discard_draft", "check", "render",
        "applicant_from_forms", "complete", "get_set", "reopen", "ready", "ready_for",
        "set_pdfs", "save_set_pdf", "intake_applicant", "earlier_visit",
        "address_offers")},
    "citizen_forms_stats.served": OFFICERS,
    # periodic reports
    "reports.build": REPORTS,
    "reports.write": REPORTS,
    # the leader's screen of today, and the audit trail (who did what, the hash chains)
    "dashboard.today": REPORTS,
    "audit.search": REPORTS,
    "audit.officers": REPORTS,
    "audit.chain_status": REPORTS,
    "audit.export": REPORTS,
    # citizens' ratings: the rating screen asks and records; officers record paper surveys
    "ratings.scale": OFFICERS | {R},
    "ratings.reasons": OFFICERS | {R},
    "ratings.set_scale": ADMIN,
    "ratings.pending": frozenset({R}),
    "ratings.rate_service": frozenset({R}),
    "ratings.record_paper": OFFICERS,
    "ratings.get": OFFICERS | {R},
}

# Needing nobody: logging in and out.
OPEN_ACTIONS = frozenset({"officers.authenticate", "officers.logout"})

# What an officer who must first change the password may still do.
PASSWORD_CHANGE_ACTIONS = frozenset({"officers.change_password"})


def allowed(principal: Principal | None, action: str) -> bool:
    """True if ``principal`` may do ``action``; an unknown action is refused to all
    but the system (and is a programming error the tests catch)."""
    if action in OPEN_ACTIONS:
        return True
    if principal is None:
        return False
    if principal == Device.SYSTEM:
        return True
    return principal in PERMISSIONS.get(action, ())


def principals() -> list[Principal]:
    """Every principal the table speaks of, officers' roles first."""
    return [*Role, *Device]


# The navigation sections of the main window, each shown to whoever may do the
# action that is the section's reason to exist.
SECTION_ACTIONS = {
    "home": "officers.names",
    "queue": "queue.call_next",
    "intake": "intake.receive",
    "dossiers": "dossiers.search",
    "citizen_forms": "citizen_forms.start",
    "reports": "queue_stats.stats",
    "audit": "audit.search",
    "admin": "officers.list_officers",
}


def sections(role: Role) -> set[str]:
    """The sections of the main window ``role`` sees."""
    return {name for name, action in SECTION_ACTIONS.items() if allowed(role, action)}
