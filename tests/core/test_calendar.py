"""Working days and due dates, around Tết, 2/9, 24/11 and make-up Saturdays."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from counter_app.domain import vn_holidays
from counter_app.domain.calendar import (END_OF_DAY, WORKING_HOURS, Override, Schedule,
                                         WorkCalendar, parse_sessions)
from counter_app.domain.clock import LOCAL_TZ
from counter_app.errors import UserInputError
from counter_app.services import calendar


def cal(overrides=None, rule: str = END_OF_DAY) -> WorkCalendar:
    return WorkCalendar(vn_holidays.days_off, vn_holidays.swapped_working_days,
                        overrides or {}, Schedule(due_rule=rule))


def hours(overrides=None) -> WorkCalendar:
    """The configurable ``working_hours`` rule (provinces that count hours)."""
    return cal(overrides, WORKING_HOURS)


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ)


def test_tet_2027_is_skipped():
    # Wed 3/2/2027 + 3 working days: Tết runs Thu 4/2 – Wed 10/2 → Mon 15/2.
    assert cal().due(at(2027, 2, 3), 3) == at(2027, 2, 15, 17)
    assert hours().due(at(2027, 2, 3), 3) == at(2027, 2, 15, 10)


def test_receipt_day_is_not_counted():
    assert cal().due(at(2026, 11, 16), 1) == at(2026, 11, 17, 17)  # Mon → Tue
    assert cal().due(at(2026, 11, 20), 1) == at(2026, 11, 23, 17)  # Fri → Mon


def test_national_day_2026_and_its_swap():
    c = cal()
    assert not c.is_working_day(date(2026, 9, 2)) and not c.is_working_day(date(2026, 9, 1))
    assert not c.is_working_day(date(2026, 8, 31))                 # nghỉ bù
    assert c.is_working_day(date(2026, 8, 22))                     # the Saturday worked
    assert c.due(at(2026, 8, 28), 1) == at(2026, 9, 3, 17)         # Fri → Thu


def test_vietnam_culture_day_24_november_from_2026():
    c = cal()
    assert not c.is_working_day(date(2026, 11, 24))
    assert c.day_info(date(2026, 11, 24))[1] == "Ngày Văn hóa Việt Nam"
    assert c.due(at(2026, 11, 23), 1) == at(2026, 11, 25, 17)


# A holiday on a weekend gives the next weekday off (Labour Code art. 112(3)).
COMPENSATORY_DAYS_OFF = [date(2026, 4, 27),   # Giỗ Tổ Hùng Vương fell on Sunday 26/4/2026
                         date(2027, 5, 3)]    # Quốc tế Lao động fell on Saturday 1/5/2027


@pytest.mark.parametrize("day", COMPENSATORY_DAYS_OFF)
def test_compensatory_weekday_off_is_in_the_holidays_data(day):
    assert day.weekday() == 0
    assert "nghỉ bù" in vn_holidays.days_off(day.year).get(day, "")
    working, why = cal().day_info(day)
    assert not working and "nghỉ bù" in why


def test_due_date_walk_skips_compensatory_days_off():
    c = cal()
    assert c.due(at(2026, 4, 24), 1) == at(2026, 4, 28, 17)         # Fri → Tue (Mon 27/4 off)
    assert c.due(at(2026, 4, 23), 3) == at(2026, 4, 29, 17)         # Thu + 3: Fri, Tue, Wed
    assert c.due(at(2026, 4, 24, 16), Decimal("1.5")) == at(2026, 4, 29, 12)
    assert hours().due(at(2026, 4, 24, 16), Decimal("1.5")) == at(2026, 4, 29, 11)
    assert c.due(at(2026, 4, 24, 15, 30), 0, same_day=True) == at(2026, 4, 28, 17)
    assert c.effective_receipt(at(2026, 4, 27, 9)) == at(2026, 4, 28, 8)
    # 2027: 30/4 (Fri) and 1/5 (Sat) are holidays, Mon 3/5 is off for the Saturday.
    assert c.due(at(2027, 4, 29), 1) == at(2027, 5, 4, 17)          # Thu → Tue
    assert c.due(at(2027, 4, 29), 2) == at(2027, 5, 5, 17)


def test_office_calendar_skips_compensatory_days_off(core):
    """What intake uses: the office's calendar from the database, holidays included."""
    assert calendar.due(core, datetime(2026, 4, 24, 10), 1) == at(2026, 4, 28, 17)
    assert calendar.due(core, datetime(2027, 4, 29, 10), 1) == at(2027, 5, 4, 17)
    off = {(e["date"], e["source"]) for e in calendar.year_exceptions(core, 2026)
           if e["kind"] == "off"}
    assert ("2026-04-27", "holidays") in off


def test_make_up_saturday_counts_and_extra_day_off_does_not():
    c = cal({date(2026, 1, 2): Override("off", "nghỉ bù"),
             date(2026, 1, 10): Override("work", "làm bù")})
    assert c.due(at(2025, 12, 31), 1) == at(2026, 1, 5, 17)        # 1/1 holiday, 2/1 off
    assert c.due(at(2026, 1, 9), 1) == at(2026, 1, 10, 17)         # Fri → Sat (worked)
    assert c.is_working_day(date(2026, 1, 10))


def test_same_day_before_and_after_cutoff():
    c = cal()
    assert c.due(at(2026, 11, 18, 14, 59), 0, same_day=True) == at(2026, 11, 18, 17)
    assert c.due(at(2026, 11, 18, 15, 0), 0, same_day=True) == at(2026, 11, 19, 17)
    assert c.due(at(2026, 11, 23, 16, 0), 0) == at(2026, 11, 25, 17)  # 24/11 is off


def test_online_dossier_at_night_counts_from_next_session():
    c = cal()
    assert c.effective_receipt(at(2026, 11, 20, 21)) == at(2026, 11, 23, 8)
    assert c.effective_receipt(at(2026, 11, 18, 12, 30)) == at(2026, 11, 18, 13)
    # Saturday → Monday is the receipt day (not counted), + 2 (24/11 off).
    assert c.due(at(2026, 11, 21, 9), 2) == at(2026, 11, 26, 17)
    assert hours().due(at(2026, 11, 21, 9), 2) == at(2026, 11, 26, 8)   # Mon 8:00 + 2 days


def test_half_days_walk_working_hours():
    c = cal()
    assert c.due(at(2026, 11, 18, 8), Decimal("0.5")) == at(2026, 11, 18, 17)   # not before same-day
    # after the cut-off a same-day dossier would be due tomorrow at closing: never earlier
    assert c.due(at(2026, 11, 18, 16), Decimal("0.5")) == at(2026, 11, 19, 17)
    assert c.due(at(2026, 11, 18, 10), Decimal("1.5")) == at(2026, 11, 20, 12)  # Thu end + 4 h
    assert hours().due(at(2026, 11, 18, 10), Decimal("1.5")) == at(2026, 11, 19, 15)


def test_custom_office_hours():
    s = Schedule(parse_sessions("07:30-11:30, 13:30-17:00"), time(15, 30))
    c = WorkCalendar(vn_holidays.days_off, vn_holidays.swapped_working_days, {}, s)
    assert c.due(at(2026, 11, 18, 15, 15), 0, same_day=True) == at(2026, 11, 18, 17)
    with pytest.raises(ValueError):
        parse_sessions("13:00-12:00")


def test_negative_days_refused():
    with pytest.raises(ValueError):
        cal().due(at(2026, 1, 5), -1)


moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2029, 12, 31)) \
    .map(lambda d: d.replace(second=0, microsecond=0, tzinfo=LOCAL_TZ))
day_counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=300, deadline=None)
@given(moments, day_counts, st.booleans())
def test_due_is_a_working_day_never_before_receipt(received, n, same_day):
    c = cal({date(2026, 1, 10): Override("work", "làm bù")})
    due = c.due(received, n, same_day)
    assert c.is_working_day(due.date())
    assert due >= received
    s = c.schedule
    assert any(a <= due.time() <= b for a, b in s.sessions)


@settings(max_examples=200, deadline=None)
@given(moments, st.lists(st.decimals(min_value=0, max_value=40, places=2), min_size=2,
                         max_size=6))
def test_due_is_non_decreasing_in_days(received, days):
    c = cal()
    dues = [c.due(received, d) for d in sorted(days)]
    assert dues == sorted(dues)


@settings(max_examples=100, deadline=None)
@given(moments, day_counts)
def test_whole_days_land_on_the_nth_working_day(received, n):
    c = cal()
    due = c.due(received, n)
    start = c.effective_receipt(received)
    if n >= 1:
        assert due.date() == c.add_working_days(start.date(), n)


def test_overrides_are_events_and_survive_rebuild(core):
    from db import commands
    calendar.set_day(core, date(2027, 3, 5), "off", "Nghỉ theo quyết định của UBND")
    calendar.set_day(core, date(2027, 3, 6), "work", "Làm bù")
    before = calendar.year_exceptions(core, 2027)
    commands.rebuild_projections(core.conn)
    assert calendar.year_exceptions(core, 2027) == before
    assert {"date": "2027-03-05", "kind": "off", "reason": "Nghỉ theo quyết định của UBND",
            "source": "override"} in before
    calendar.clear_day(core, date(2027, 3, 5))
    assert calendar.load(core).is_working_day(date(2027, 3, 5))


def test_override_needs_reason_and_must_change_something(core):
    with pytest.raises(UserInputError, match="lý do"):
        calendar.set_day(core, date(2027, 3, 5), "off", "  ")
    with pytest.raises(UserInputError, match="vốn đã là"):
        calendar.set_day(core, date(2027, 3, 6), "off", "Thứ Bảy vốn nghỉ")
    with pytest.raises(UserInputError):
        calendar.clear_day(core, date(2027, 3, 9))


def test_demo_office_has_the_2026_new_year_swap(core):
    c = calendar.load(core)
    assert not c.is_working_day(date(2026, 1, 2)) and c.is_working_day(date(2026, 1, 10))


def test_service_due_accepts_naive_local_time(core):
    assert calendar.due(core, datetime(2027, 2, 3, 10), 3) == at(2027, 2, 15, 17)


def test_one_working_day_from_wednesday_10_is_thursday_at_closing_time(core):
    """Issue 13 §6, Civil Code art. 147–148: the receipt day is not counted and the term
    ends at the end of its last day — Thursday at the office's closing time, by default."""
    wednesday = datetime(2026, 11, 18, 10)
    assert calendar.due(core, wednesday, 1) == at(2026, 11, 19, 17)
    assert hours().due(at(2026, 11, 18, 10), 1) == at(2026, 11, 19, 10)


def test_the_hour_rule_is_configuration(core, demo_paths):
    from counter_app import config
    from counter_app.services.core import Core
    db_path, cfg_path = demo_paths
    config.set_value(cfg_path, "calendar.due_rule", "working_hours")
    with Core.open(db_path, cfg_path, system=True) as hourly:
        assert calendar.due(hourly, datetime(2026, 11, 18, 10), 1) == at(2026, 11, 19, 10)
    with pytest.raises(UserInputError):
        config.set_value(cfg_path, "calendar.due_rule", "theo-gio")


def test_closing_time_follows_the_office_hours():
    s = Schedule(parse_sessions("07:30-11:30,13:30-16:30"), time(15))
    c = WorkCalendar(vn_holidays.days_off, vn_holidays.swapped_working_days, {}, s)
    assert c.due(at(2026, 11, 18, 10), 2) == at(2026, 11, 20, 16, 30)


def test_half_days_and_same_day_under_the_end_of_day_rule():
    c = cal()
    # A half day alone is working time from the moment of receipt, never before the
    # same-day due time (closing time today before the cut-off, else tomorrow).
    assert c.due(at(2026, 11, 18, 8), Decimal("0.5")) == at(2026, 11, 18, 17)
    assert c.due(at(2026, 11, 18, 15, 30), Decimal("0.5")) == at(2026, 11, 19, 17)
    # 2.5 days from Wednesday: Thursday, Friday, then half of Monday's working time.
    assert c.due(at(2026, 11, 18, 10), Decimal("2.5")) == at(2026, 11, 23, 12)
    # Same-day procedures keep the cut-off rule.
    assert c.due(at(2026, 11, 18, 14, 59), 0, same_day=True) == at(2026, 11, 18, 17)
    assert c.due(at(2026, 11, 18, 15), 0, same_day=True) == at(2026, 11, 19, 17)
    # Received after closing time: its day is the next working day, not counted.
    assert c.due(at(2026, 11, 18, 18), 1) == at(2026, 11, 20, 17)


def test_unknown_due_rule_is_refused():
    with pytest.raises(ValueError, match="Cách tính hạn"):
        Schedule(due_rule="theo-gio")


def test_a_printed_due_date_never_changes_with_the_rule(demo_paths):
    """Dossiers keep the due date stored at intake (and printed on form 01) when the
    office changes ``calendar.due_rule`` later, through a rebuild too."""
    from counter_app import config
    from counter_app.services import intake
    from counter_app.services.citizens import Applicant
    from counter_app.services.core import Core
    from counter_app.services.intake import IntakeRequest
    from db import commands
    db_path, cfg_path = demo_paths
    config.set_value(cfg_path, "calendar.due_rule", "working_hours")
    with Core.open(db_path, cfg_path, system=True) as hourly:
        d = intake.receive(hourly, IntakeRequest("DEMO-HT-05", Applicant(full_name="Lê Văn A"),
                                                 received_at=at(2026, 11, 18, 10)))
    assert d["due_at_local"] == "2026-11-23T10:00"
    config.set_value(cfg_path, "calendar.due_rule", "end_of_day")
    with Core.open(db_path, cfg_path, system=True) as daily:
        commands.rebuild_projections(daily.conn)
        from counter_app.services import dossiers
        assert dossiers.by_code(daily, d["code"])["due_at_local"] == "2026-11-23T10:00"
