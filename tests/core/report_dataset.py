"""A generated office history for the report tests, built through the real services.

Hundreds of visits from December 2024 to April 2026 (so across every period boundary
the tests ask about): dossiers received online, in person and by post; submissions
refused or guided at the counter, which make numbered slips, not dossiers (some guided
citizens come back days later with the papers: a new, normally received dossier);
dossiers supplemented once, twice, or still waiting;
apologised; resolved early, on time and late; returned; withdrawn; stopped; left open;
scanned at intake; served under "Công dân không viết". Plus queue tickets on a few days
of two years. Every action runs at its own moment on a fixed clock, all actions in time
order, and what happened is written down as plain facts (``DossierFacts``,
``SlipFacts``, ``TicketFacts``) from which the tests compute their answers without the report's code.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.domain.statuses import Channel
from counter_app.services import attachments, dossiers, intake, officers, queue, ratings
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD

PROCEDURES = ["DEMO-HT-05", "DEMO-CT-03", "DEMO-KD-01", "DEMO-BT-02", "DEMO-HT-01"]
FIELDS = {"DEMO-HT-05": "HOTICH", "DEMO-CT-03": "CHUNGTHUC", "DEMO-KD-01": "KINHDOANH",
          "DEMO-BT-02": "BAOTRO", "DEMO-HT-01": "HOTICH"}
FIRST_DAY = date(2024, 12, 1)
DAYS = 515                      # to the end of April 2026


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class DossierFacts:
    procedure: str
    field: str
    officer: str                 # officer id of the intake
    channel: int
    received_at: datetime
    delivery: str
    digitised: bool = False
    citizen_not_write: bool = False
    code: str = ""
    guided_at: datetime | None = None    # came back with the papers after a guidance
                                         # slip issued then
    due: datetime | None = None  # the appointment in force
    judged_due: datetime | None = None   # the appointment an apology replaced
    supplements: int = 0
    waiting: bool = False        # waiting for a supplement at the end
    apologized_at: datetime | None = None
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    closed: tuple[str, datetime] | None = None   # ("withdrawn"|"stopped", when)


@dataclass
class SlipFacts:
    """A guidance (form 02) or refusal (form 03) slip given at the counter."""
    kind: str                    # "guidance" | "refusal"
    procedure: str
    field: str
    officer: str                 # officer id of the intake
    channel: int
    issued_at: datetime
    number: str = ""
    citizen_not_write: bool = False      # the officer filled the forms (marked by hand)


@dataclass
class TicketFacts:
    service: str                 # service id
    issued_at: datetime
    counter: int | None = None
    officer: str | None = None
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    status: str = "waiting"
    number: str = ""
    id: str = ""
    rating: tuple[str, datetime] | None = None     # (level, when) from the rating screen


@dataclass
class History:
    dossiers: list[DossierFacts] = field(default_factory=list)
    slips: list[SlipFacts] = field(default_factory=list)
    visits: int = 0              # first visits: each a dossier or a slip
    tickets: list[TicketFacts] = field(default_factory=list)
    officers: dict[str, str] = field(default_factory=dict)       # id → full name
    now: datetime | None = None


class _Builder:
    def __init__(self, core: Core, scan: Path, seed: int) -> None:
        self.core, self.scan, self.rnd = core, scan, random.Random(seed)
        self.actions: list[tuple[datetime, int, object]] = []
        self.history = History()
        self.staff = [officers.authenticate(core, name, DEMO_PASSWORD)
                      for name in ("canbo1", "canbo2", "admin")]
        self.history.officers = {o.id: o.full_name for o in self.staff}

    def at(self, moment: datetime, action) -> None:
        self.actions.append((moment, len(self.actions), action))

    def run(self) -> History:
        for moment, _, action in sorted(self.actions, key=lambda a: (a[0], a[1])):
            self.core.clock = FixedClock(int(moment.timestamp() * 1000))
            action()
        self.history.now = max(a[0] for a in self.actions) + timedelta(days=1)
        self.core.clock = FixedClock(int(self.history.now.timestamp() * 1000))
        return self.history

    def moment(self, day: date, hour_lo: int = 8, hour_hi: int = 17) -> datetime:
        return datetime(day.year, day.month, day.day, self.rnd.randrange(hour_lo, hour_hi),
                        self.rnd.randrange(60), tzinfo=LOCAL_TZ)

    def later(self, moment: datetime, lo_h: float, hi_h: float) -> datetime:
        return (moment + timedelta(hours=self.rnd.uniform(lo_h, hi_h))).replace(second=0,
                                                                                microsecond=0)

    # --- dossiers -------------------------------------------------------------------

    def visit(self, i: int) -> None:
        """A citizen submits a dossier: received, or guided / refused at the counter."""
        rnd = self.rnd
        self.history.visits += 1
        received = self.moment(FIRST_DAY + timedelta(days=rnd.randrange(DAYS)))
        channel = rnd.choice([Channel.DIRECT] * 3 + [Channel.ONLINE] * 2 + [Channel.POST])
        outcome = rnd.choices(["received", "incomplete", "refused"], [80, 12, 8])[0]
        procedure = rnd.choice(PROCEDURES)
        officer = rnd.choice(self.staff)
        if outcome == "received":
            self.dossier(i, received, channel, procedure, officer)
            return
        s = SlipFacts("guidance" if outcome == "incomplete" else "refusal", procedure,
                      FIELDS[procedure], officer.id, int(channel), received,
                      citizen_not_write=rnd.random() < 0.3)
        self.history.slips.append(s)
        self.at(received, lambda: self._slip(s, officer, i))
        if outcome == "incomplete" and rnd.random() < 0.5:
            # Back with the papers 1–20 days later (maybe in another period), maybe at
            # another counter: a new dossier, received as any other.
            again = self.moment(received.date() + timedelta(days=rnd.randrange(1, 21)))
            self.dossier(i, again, channel, procedure, rnd.choice(self.staff),
                         guided_at=received)

    def dossier(self, i: int, received: datetime, channel: Channel, procedure: str, officer,
                guided_at: datetime | None = None) -> None:
        rnd = self.rnd
        f = DossierFacts(procedure, FIELDS[procedure], officer.id, int(channel), received,
                         rnd.choice(["counter", "counter", "post", "online"]),
                         citizen_not_write=rnd.random() < 0.15, guided_at=guided_at)
        f.digitised = rnd.random() < 0.4
        self.history.dossiers.append(f)
        self.at(received, lambda: self._intake(f, officer, i))
        t = received
        for n in range(rnd.choices([0, 1, 2], [65, 22, 13])[0]):
            t = self.later(t, 4, 60)
            self.at(t, lambda: self._request_supplement(f))
            if rnd.random() < 0.1:
                return                       # still waiting for the citizen
            t = self.later(t, 20, 100)
            self.at(t, lambda: self._supplement_received(f))
        if rnd.random() < 0.12:
            t = self.later(t, 2, 30)
            self.at(t, lambda: self._apologize(f))
        self._finish(f, t)

    def _finish(self, f: DossierFacts, t: datetime) -> None:
        end = self.rnd.choices(["resolve", "withdraw", "stop", "open"], [72, 6, 6, 16])[0]
        if end == "open":
            return
        t = self.later(t, 1, 24 * 9)
        if end == "resolve":
            self.at(t, lambda: self._resolve(f))
            if self.rnd.random() < 0.8:
                self.at(self.later(t, 2, 24 * 6), lambda: self._return(f))
        else:
            self.at(t, lambda: self._close(f, end))

    def _now(self) -> datetime:
        return self.core.clock.now_utc()

    def _intake(self, f: DossierFacts, officer, i: int) -> None:
        self.core.officer = officer
        portal = f"G22.{98 if f.guided_at else 99}-{i:06d}" if f.channel == 2 else ""
        request = IntakeRequest(
            f.procedure, Applicant(full_name=f"Công dân {i:04d}"), channel=Channel(f.channel),
            portal_code=portal, result_delivery=f.delivery,
            citizen_not_write=f.citizen_not_write)
        d = intake.receive(self.core, request)
        f.code = d["code"]
        f.due = parse(d["due_at"])
        if f.digitised:
            attachments.attach(self.core, f.code, self.scan)

    def _slip(self, s: SlipFacts, officer, i: int) -> None:
        self.core.officer = officer
        guidance = s.kind == "guidance"
        request = IntakeRequest(
            s.procedure, Applicant(full_name=f"Công dân {i:04d}"),
            outcome="incomplete" if guidance else "refused", channel=Channel(s.channel),
            portal_code=f"G22.99-{i:06d}" if s.channel == 2 else "", reason="Thiếu giấy tờ",
            missing=[{"name": "Bản sao giấy khai sinh"}] if guidance else [],
            citizen_not_write=s.citizen_not_write)
        slip = intake.receive(self.core, request)
        assert slip["kind"] == s.kind and "code" not in slip, slip
        s.number = slip["number"]

    def _request_supplement(self, f: DossierFacts) -> None:
        dossiers.request_supplement(self.core, f.code, "Thiếu giấy tờ",
                                    [{"name": "Bản sao sổ hộ khẩu"}])
        f.supplements += 1
        f.waiting = True

    def _supplement_received(self, f: DossierFacts) -> None:
        d = dossiers.supplement_received(self.core, f.code)
        f.due, f.waiting = parse(d["due_at"]), False

    def _apologize(self, f: DossierFacts) -> None:
        new_due = f.due + timedelta(days=7)
        dossiers.apologize(self.core, f.code, "Chờ xác minh", new_due)
        f.judged_due, f.due, f.apologized_at = f.due, new_due, self._now()

    def _resolve(self, f: DossierFacts) -> None:
        dossiers.resolve(self.core, f.code)
        f.resolved_at = self._now()

    def _return(self, f: DossierFacts) -> None:
        dossiers.return_result(self.core, f.code)
        f.returned_at = self._now()

    def _close(self, f: DossierFacts, end: str) -> None:
        (dossiers.withdraw if end == "withdraw" else dossiers.stop)(self.core, f.code, "Lý do")
        f.closed = ("withdrawn" if end == "withdraw" else "stopped", self._now())

    # --- queue ----------------------------------------------------------------------

    def queue_day(self, day: date) -> None:
        """A morning of tickets: issued 07:30–10:30, served by three counters."""
        services = {s["prefix"]: s["id"] for s in self.core.conn.execute(
            "SELECT id, prefix FROM services")}
        free = {1: None, 2: None, 3: None}
        issued = sorted(self.moment(day, 7, 11) for _ in range(self.rnd.randrange(15, 30)))
        for moment in issued:
            prefix = self.rnd.choice("ABE")
            t = TicketFacts(services[prefix], moment)
            self.history.tickets.append(t)
            self.at(moment, lambda t=t, p=prefix: self._issue(t, p))
            if self.rnd.random() < 0.1:
                continue                      # never called: still waiting at the end
            counter = self.rnd.choice([1, 2, 3])
            call = max(moment, free[counter] or moment) + timedelta(
                minutes=self.rnd.randrange(0, 25))
            t.counter, t.officer = counter, self.staff[counter - 1].id
            self.at(call, lambda t=t: self._call(t))
            if self.rnd.random() < 0.12:
                self.at(call + timedelta(minutes=3), lambda t=t: self._end(t, "no_show"))
                free[counter] = call + timedelta(minutes=3)
                continue
            start = call + timedelta(minutes=self.rnd.randrange(1, 3))
            finish = start + timedelta(minutes=self.rnd.randrange(3, 20))
            self.at(start, lambda t=t: self._start(t))
            self.at(finish, lambda t=t: self._end(t, "finish"))
            free[counter] = finish
            if self.rnd.random() < 0.7:
                level = self.rnd.choice(["very_satisfied", "satisfied", "satisfied",
                                         "neutral", "unsatisfied"])
                self.at(finish + timedelta(seconds=20), lambda t=t, lv=level: self._rate(t, lv))

    def _issue(self, t: TicketFacts, prefix: str) -> None:
        self.core.officer = None
        t.number = queue.issue_ticket(self.core, prefix)["number"]
        t.id = queue.find_today(self.core, t.number)["id"]

    def _call(self, t: TicketFacts) -> None:
        self.core.officer = self.staff[t.counter - 1]
        queue.call_number(self.core, t.counter, t.number)
        t.called_at, t.status = self._now(), "called"

    def _start(self, t: TicketFacts) -> None:
        self.core.officer = self.staff[t.counter - 1]
        queue.act(self.core, t.id, "start", t.counter)
        t.started_at, t.status = self._now(), "serving"

    def _rate(self, t: TicketFacts, level: str) -> None:
        self.core.officer = None
        ratings.rate_service(self.core, t.id, level)
        t.rating = (level, self._now())

    def _end(self, t: TicketFacts, action: str) -> None:
        self.core.officer = self.staff[t.counter - 1]
        queue.act(self.core, t.id, action, t.counter)
        t.finished_at, t.status = self._now(), "done" if action == "finish" else "no_show"


QUEUE_DAYS = [date(2025, 2, 12), date(2025, 2, 13), date(2026, 2, 11), date(2026, 2, 12),
              date(2026, 2, 13)]


def build(core: Core, scan_dir: Path, dossiers_count: int = 400, seed: int = 766) -> History:
    """``dossiers_count`` first visits (each a dossier or a slip; the guided citizens who
    come back add their dossiers)."""
    scan = scan_dir / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a scanned page stands in here\n%%EOF\n")
    builder = _Builder(core, scan, seed)
    for i in range(dossiers_count):
        builder.visit(i)
    for day in QUEUE_DAYS:
        builder.queue_day(day)
    history = builder.run()
    core.officer = None
    return history
