"""Quản trị: the administrator's screens — officers, this PC's and the office's settings,
the working calendar, counters and queue services — and the event log's state."""

from ui.pages.admin.page import CHAIN_THREAD_NAME, AdminData, AdminPage, check_event_log, \
    read_admin_data

__all__ = ["CHAIN_THREAD_NAME", "AdminData", "AdminPage", "check_event_log", "read_admin_data"]
