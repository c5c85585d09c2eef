"""The dossier report: received, resolved (early / on time / late), in progress, … for
one period and the same period a year earlier, in total and by field, procedure,
officer and channel — and the guidance and refusal slips given at the counter.

The rules are the SQL conditions below (docs/REPORTS.md gives each with its source),
portable to PostgreSQL (text comparisons of UTC times, ``coalesce``, ``CASE``, integer
arithmetic). One scan places every dossier in both periods as two small integers (where
it stands: received, carried over, resolved early/on time/late, …) beside one for what it
is (channel, scanned, delivery), grouped by field, procedure and officer; a second, small
scan does the same for the counter slips (``counter_slips``: guidance, form 02, and
refusal, form 03 — not dossiers, never received). ``measures_of`` turns those codes into
the counts, and the breakdowns and totals are sums of the groups.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any, Callable

from counter_app.domain.events import SYSTEM_OFFICER
from counter_app.domain.statuses import CHANNEL_LABELS, Channel
from counter_app.reports import payments, sql
from counter_app.reports.measures import BREAKDOWNS, DOSSIER_COUNTS, with_rates
from counter_app.reports.period import Period

ENDED = "coalesce(d.resolved_at, d.closed_at)"
# QĐ 766 judges against the appointment before an apology; a supplement restarts it.
DEADLINE = "coalesce(d.apology_old_due, d.due_at)"
LATE = f"(d.supplement_count > 1 OR ({DEADLINE} IS NOT NULL AND d.resolved_at > {DEADLINE}))"
# Overdue while in progress: asked for supplements more than once, or past the deadline
# at the period's end (or now) and not waiting for the citizen (the clock is stopped then).
OVERDUE = f"(d.supplement_count > 1 OR (d.status <> 5 AND {DEADLINE} < :as_of))"

# OUTCOME (for a dossier that counts) at the period's end.
OUTCOME = (f"CASE WHEN d.resolved_at < :hi THEN (CASE WHEN {LATE} THEN 3 "
           "WHEN d.resolved_at < d.deadline_day_start THEN 1 ELSE 2 END) "
           "WHEN d.closed_at < :hi THEN (CASE WHEN d.status = 7 THEN 4 ELSE 5 END) "
           f"WHEN {OVERDUE} THEN 6 ELSE 7 END")
OUTCOME_KEYS = {1: ("resolved", "resolved_early"), 2: ("resolved", "resolved_on_time"),
                3: ("resolved", "resolved_late"), 4: ("withdrawn",), 5: ("stopped",),
                6: ("in_progress", "in_progress_overdue"),
                7: ("in_progress", "in_progress_within")}


def _within(column: str) -> str:
    return f"CASE WHEN {column} >= :lo AND {column} < :hi THEN 1 ELSE 0 END"


# Where a dossier stands in a period, as one small integer (each rule evaluated once per
# row): reception + 3 × outcome + 24 × returned + 48 × apology issued, where reception is
# 0 = does not count, 1 = received in the period, 2 = carried over into it. Every dossier
# was received: guidance and refusal at the counter make slips, not dossiers (issue 13
# item 4; a citizen who comes back with the papers is a new dossier). The outcome is
# judged only for a dossier that counts (0 otherwise), in the branches of reception: the
# database evaluates it for those rows only, and the dossiers that do not count share
# their codes whatever their outcome (fewer groups).
PLACE = ("(CASE WHEN d.received_at >= :hi THEN 0 "
         f"WHEN d.received_at >= :lo THEN 1 + 3 * ({OUTCOME}) "
         f"WHEN {ENDED} IS NULL OR {ENDED} >= :lo THEN 2 + 3 * ({OUTCOME}) ELSE 0 END) "
         f"+ 24 * ({_within('d.returned_at')}) + 48 * ({_within('d.apologized_at')})")
# What a dossier is, whatever the period: channel + 4 × digitised + 8 × "Công dân không
# viết" + 16 × result delivery (0 counter, 1 post, 2 online). Below 64: a dossier.
KIND = ("d.channel + 4 * d.digitised + 8 * d.citizen_not_write + 16 * (CASE "
        "d.result_delivery WHEN 'post' THEN 1 WHEN 'online' THEN 2 ELSE 0 END)")
GROUP = ("d.field_code", "d.procedure_code", "d.officer_id")
# A counter slip, by ``issued_at``: a guided or refused submission, never received, so
# outside the received / resolved / in-progress balance and its rates (docs/REPORTS.md).
# Its kind: channel + 4 × "Công dân không viết" + 64 × (1 guidance, form 02; 2 refusal,
# form 03), 64 and above being a slip; its place in a period is 1 when issued in it, else 0.
SLIP_KIND = ("s.channel + 4 * s.citizen_not_write "
             "+ 64 * (CASE s.kind WHEN 'guidance' THEN 1 ELSE 2 END)")
SLIP_PLACE = "CASE WHEN s.issued_at >= :lo AND s.issued_at < :hi THEN 1 ELSE 0 END"
SLIP_GROUP = ("s.field_code", "s.procedure_code", "s.officer_id")
_SLIP_KEYS = {1: "guided", 2: "refused"}
_NEW_BY_CHANNEL = {1: "received_direct", 2: "received_online", 3: "received_post"}
_CHANNEL_KEYS = {int(c): c.key for c in Channel}


def _for(condition: str, suffix: str) -> str:
    """The rule with its period's own parameters (``:lo`` → ``:lo_now``)."""
    for name in (":lo", ":hi", ":as_of"):
        condition = condition.replace(name, name + suffix)
    return condition


def _statement(scope: dict | None) -> tuple[str, list]:
    """One row per group: the code ``KIND + 256 × (PLACE now + 192 × PLACE a year
    before)`` (one sort key is the cheapest GROUP BY), field, procedure, officer, count.

    ``coalesce(d.received_at, '')`` keeps SQLite off the received_at index: a report
    reads most rows, and a scan is several times cheaper than a lookup per row."""
    clause, extra = sql.scope_clause("d", scope)
    code = f"({KIND}) + 256 * (({_for(PLACE, '_now')}) + 192 * ({_for(PLACE, '_before')}))"
    text = (f"SELECT {code}, {', '.join(GROUP)}, count(*) FROM dossiers d "
            "WHERE coalesce(d.received_at, '') < :hi_now AND "
            f"(d.received_at >= :lo_before OR {ENDED} IS NULL OR {ENDED} >= :lo_before "
            "OR d.returned_at >= :lo_before OR d.apologized_at >= :lo_before)"
            f"{clause} GROUP BY 1, 2, 3, 4")
    return text, extra


def _slip_statement(scope: dict | None) -> tuple[str, list]:
    """The same rows for the slips issued in either period (the issued_at index)."""
    clause, extra = sql.scope_clause("s", scope)
    code = (f"({SLIP_KIND}) + 256 * (({_for(SLIP_PLACE, '_now')}) "
            f"+ 192 * ({_for(SLIP_PLACE, '_before')}))")
    text = (f"SELECT {code}, {', '.join(SLIP_GROUP)}, count(*) FROM counter_slips s "
            "WHERE ((s.issued_at >= :lo_now AND s.issued_at < :hi_now) "
            "OR (s.issued_at >= :lo_before AND s.issued_at < :hi_before))"
            f"{clause} GROUP BY 1, 2, 3, 4")
    return text, extra


@functools.lru_cache(maxsize=4096)
def measures_of(kind: int, place: int) -> tuple[str, ...]:
    """The counts a dossier (or slip) of ``kind`` adds to a period where it stands at
    ``place``."""
    if kind >= 64:                              # a counter slip: issued in the period?
        if not place:
            return ()
        return (_SLIP_KEYS[kind // 64],) + ("citizen_not_write_slips",) * (kind // 4 % 2)
    channel, digitised, cnw = kind % 4, kind // 4 % 2, kind // 8 % 2
    delivery = kind // 16 % 4
    reception, result = place % 3, place // 3 % 8
    returned, apology = place // 24 % 2, place // 48 % 2
    keys: list[str] = []
    if reception == 1:
        keys += [_NEW_BY_CHANNEL[channel]] + ["digitised"] * digitised
        keys += ["citizen_not_write"] * cnw
    elif reception == 2:
        keys.append("carried_over")
    if reception:
        keys.append("received")
        keys += OUTCOME_KEYS[result]
        if result in (1, 2, 3) and delivery == 2:
            keys.append("results_online")
    if returned:
        keys += ["returned"] + ["results_post"] * (delivery == 1)
    keys += ["apologies"] * apology
    return tuple(keys)


def coded_groups(conn: Any, period: Period, previous: Period, now: str,
                 scope: dict | None = None) -> list[tuple[int, str, str, str, int]]:
    """(code, field, procedure, officer, dossiers or slips) rows of the two scans."""
    values = {"lo_now": period.lo, "hi_now": period.hi, "as_of_now": min(period.hi, now),
              "lo_before": previous.lo, "hi_before": previous.hi,
              "as_of_before": min(previous.hi, now)}
    out: list[tuple] = []
    for text, extra in (_statement(scope), _slip_statement(scope)):
        statement, params = sql.bind(text, values)
        out += sql.rows(conn, statement, params + extra)   # integers in both databases
    return out


_SLOTS = {key: i for i, key in enumerate(DOSSIER_COUNTS)}


@functools.lru_cache(maxsize=8192)
def _slots(code: int) -> tuple[int, ...]:
    """Where a group of ``code`` adds its dossiers: positions in the counts of the period
    (0 …) and of the year before (len(DOSSIER_COUNTS) …)."""
    kind, places = code % 256, code // 256
    before = len(DOSSIER_COUNTS)
    return (tuple(_SLOTS[k] for k in measures_of(kind, places % 192))
            + tuple(before + _SLOTS[k] for k in measures_of(kind, places // 192)))


def _expand(codes: dict[int, int]) -> tuple[dict, dict]:
    """Code → dossiers (or slips), turned into the counts of the period and of the year
    before."""
    width = len(DOSSIER_COUNTS)
    counts = [0] * (2 * width)
    for code, n in codes.items():
        for i in _slots(code):
            counts[i] += n
    return dict(zip(DOSSIER_COUNTS, counts[:width])), dict(zip(DOSSIER_COUNTS, counts[width:]))


# Where each breakdown's key sits in a row of ``coded_groups``.
_GROUP_COLUMN = {"field": 1, "procedure": 2, "officer": 3}


class Tally:
    """The ``coded_groups`` rows summed by code, in total and by breakdown key: what the
    report's counts are made of. ``add`` takes one office's rows; the central server adds
    every office's in turn (the "office" breakdown: one key per ``add``).

    A province's year is about a million rows, each summed four times, so ``add`` is
    written for speed: one tight pass over the rows per breakdown, the channel (part of
    the code) summed from the totals' codes afterwards, and the keys made text once per
    key, not once per row."""

    def __init__(self, by: tuple[str, ...]) -> None:
        self.by = by
        self.codes: dict[int, int] = {}
        self.groups: dict[str, dict[str, dict[int, int]]] = {b: {} for b in by}

    def add(self, rows: list[tuple], office: str | None = None,
            officer_key: Callable[[Any], Any] | None = None) -> None:
        """One office's rows; ``officer_key`` renames its officers (the server makes them
        ``OFFICE/id``: an officer id means something inside one office only)."""
        codes: dict[int, int] = defaultdict(int)
        for row in rows:
            codes[row[0]] += row[4]
        for b in self.by:
            column = _GROUP_COLUMN.get(b)
            if column is None:
                continue
            groups: dict[Any, dict[int, int]] = defaultdict(lambda: defaultdict(int))
            for row in rows:
                groups[row[column]][row[0]] += row[4]
            for key, counts in groups.items():
                if b == "officer" and officer_key is not None:
                    key = officer_key(key)
                self._merge(b, key, counts)
        _sum_into(self.codes, codes)
        if "office" in self.groups:
            self._merge("office", office, codes)

    def _merge(self, by: str, key: Any, counts: dict[int, int]) -> None:
        """``counts`` (this tally's own, never shared) under ``key`` as text."""
        text = "" if key is None else str(key)
        found = self.groups[by].get(text)
        if found is None:
            self.groups[by][text] = counts
        else:
            _sum_into(found, counts)

    def breakdown(self, by: str) -> dict[str, dict[int, int]]:
        if by != "channel":
            return self.groups[by]
        out: dict[str, dict[int, int]] = defaultdict(dict)
        for code, n in self.codes.items():
            channel = code % 4
            out[_CHANNEL_KEYS.get(channel, str(channel))][code] = n
        return out


def _sum_into(target: dict[int, int], counts: dict[int, int]) -> None:
    for code, n in counts.items():
        target[code] = target.get(code, 0) + n


def report(conn: Any, period: Period, now: str, by: tuple[str, ...] = tuple(BREAKDOWNS),
           scope: dict | None = None) -> dict:
    """The report of ``period`` with year-on-year figures. ``now`` (UTC text) judges
    dossiers still open when the period has not ended yet."""
    tally = Tally(by)
    tally.add(coded_groups(conn, period, period.year_before(), now, scope))
    paid = payments.rows_of(conn, period, period.year_before(), scope)
    return assemble(tally, period, names_of(conn, scope), procedures_of(conn, scope), paid)


def procedures_of(conn: Any, scope: dict | None = None) -> int:
    """The active procedures of the office's catalogue (the "procedures" figure)."""
    clause, extra = sql.scope_clause("t", scope)
    return sql.rows(conn, "SELECT count(*) FROM procedures t WHERE t.active = 1"
                    + clause, extra)[0][0]


def assemble(tally: Tally, period: Period, names: dict[str, dict[str, str]],
             procedures: int, payment_rows: list[tuple] = ()) -> dict:
    """The report from the ``coded_groups`` rows summed in ``tally`` and ``payments.rows_of``
    rows — of one office, or several offices' pooled (counts and amounts add up; every
    rate is derived again from the pooled counts)."""
    by = tally.by
    totals, before = _expand(tally.codes)
    paid = payments.assemble(payment_rows, by)
    payments.merge(totals, before, paid.total)
    breakdowns = {}
    for b in by:
        breakdowns[b] = []
        groups = tally.breakdown(b)
        # A payment may come in a period where its dossier counts for nothing else.
        for key in sorted(set(groups) | set(paid.by[b])):
            counts, prev_counts = _expand(groups.get(key, {}))
            payments.merge(counts, prev_counts, paid.by[b].get(key))
            if any(counts.values()) or any(prev_counts.values()):
                breakdowns[b].append({"key": key, "name": names[b].get(key) or key or
                                      "(không rõ)", **with_rates(counts),
                                      "previous": with_rates(prev_counts)})
    return {"report": "dossiers", "period": period.to_dict(),
            "previous_period": period.year_before().to_dict(),
            "totals": {**with_rates(totals), "procedures": procedures},
            "previous_totals": with_rates(before), "breakdowns": breakdowns}


def names_of(conn: Any, scope: dict | None = None) -> dict[str, dict[str, str]]:
    return {"field": sql.names(conn, "fields", "code", "name", scope),
            "procedure": sql.names(conn, "procedures", "code", "name", scope),
            "officer": {SYSTEM_OFFICER: "Hệ thống (dòng lệnh)",
                        **sql.names(conn, "officers", "id", "full_name", scope)},
            "channel": {c.key: CHANNEL_LABELS[c] for c in Channel}}
