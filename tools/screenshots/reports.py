"""Screenshots of the leader's screens: ``python -m tools.screenshots reports OUTDIR``.

The dossier screenshots' office (Monday 23/11/2026 15:30 in Hà Nội, thirty dossiers over
the three weeks before, some late, some overdue) plus the day's queue (tickets since
7:45, served at the three counters, one being served, three still waiting) and paper surveys. Logged in as
the leader (lanhdao). Writes reports-today.png (Báo cáo → Hôm nay), reports-period.png
(this month's dossier report built), audit.png (Nhật ký hoạt động, the last 7 days) and
audit-dossier.png (one dossier's trail).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from counter_app.domain.clock import FixedClock
from counter_app.services import officers, queue, ratings, setup
from counter_app.services.core import Core
from tools.screenshots.common import log_in, run_in_demo, run_shell, save, wait_until
from tools.screenshots.dossiers import MOMENT, make_dossiers, ms
from ui.pages.reports.page import TAB_PERIOD
from ui.qt import QApplication
from ui.shell import Shell

SERVICES = "AABACAEBAFADABCAAEBA"       # the day's tickets, by service letter
SURVEY_LEVELS = (0, 0, 1, 0, 1, 1, 2, 0, 3, 1, 0, 1)


def make_office(db_path: Path, config_path: Path) -> list[str]:
    codes = make_dossiers(db_path, config_path)
    with Core.open(db_path, config_path) as core:
        officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
        start = MOMENT.replace(hour=7, minute=45)
        tickets = []
        for i, letter in enumerate(SERVICES):
            core.clock = FixedClock(ms(start + timedelta(minutes=23 * i)))
            tickets.append(queue.issue_ticket(core, letter))
        for i, ticket in enumerate(tickets[:-4]):          # the last four still wait
            issued = start + timedelta(minutes=23 * i)
            counter = {"A": 1, "B": 3, "C": 2, "E": 2, "F": 3, "D": 2}[SERVICES[i]]
            core.clock = FixedClock(ms(issued + timedelta(minutes=4 + 3 * (i % 5))))
            queue.act(core, ticket["id"], "call", counter)
            core.clock = FixedClock(ms(issued + timedelta(minutes=12 + 3 * (i % 5))))
            queue.act(core, ticket["id"], "finish", counter)
        core.clock = FixedClock(ms(MOMENT - timedelta(minutes=6)))
        queue.act(core, tickets[-4]["id"], "call", 1)       # counter 1 serves it now
        levels = [lv.code for lv in ratings.scale(core)]
        for i, level in enumerate(SURVEY_LEVELS):
            core.clock = FixedClock(ms(MOMENT - timedelta(days=1 + 2 * i, hours=1)))
            ratings.record_paper(core, levels[level], officer="canbo1")
    return codes


def capture(app: QApplication, shell: Shell, codes: list[str], out: Path) -> None:
    window = log_in(app, shell, "lanhdao")
    page = window.open_section("reports")
    wait_until(app, lambda: page.today.data is not None)
    save(window, out / "reports-today.png")
    page.tabs.setCurrentIndex(TAB_PERIOD)
    wait_until(app, lambda: page.period.today == MOMENT.date())
    presets = page.period.preset_combo
    presets.setCurrentIndex(presets.findData("this_month"))
    page.period.build()
    wait_until(app, lambda: page.period.data is not None and not page.period.busy)
    save(window, out / "reports-period.png")
    audit = window.open_section("audit")
    audit.filters.range_combo.setCurrentIndex(audit.filters.range_combo.findData("week"))
    wait_until(app, lambda: audit.found is not None and audit.chain is not None
               and not audit.reading)
    save(window, out / "audit.png")
    audit.filters.dossier_edit.setText(codes[21])
    audit.filters.changed.emit()
    wait_until(app, lambda: not audit.reading and audit.found is not None
               and audit.found["rows"] and audit.found["rows"][0]["object"] == codes[21])
    save(window, out / "audit-dossier.png")


def main(argv: list[str] | None = None) -> int:
    def shoot(app, demo, out):
        run_shell(app, demo, out, lambda a, shell, o: capture(a, shell, demo.prepared, o),
                  ms(MOMENT))
    return run_in_demo(argv, "tools.screenshots reports", shoot, prepare=make_office,
                       setup_clock_ms=ms(MOMENT - timedelta(days=30)))
