from hypothesis import given, strategies as st

import pytest

from counter_app.domain import hlc
from counter_app.domain.hlc import HLC


def test_tick_follows_wall_clock():
    a = hlc.tick(None, 1_000, "dev")
    b = hlc.tick(a, 2_000, "dev")
    assert (a.wall_ms, a.counter) == (1_000, 0)
    assert (b.wall_ms, b.counter) == (2_000, 0)


def test_wall_clock_jumping_back_never_moves_hlc_back():
    a = hlc.tick(None, 5_000, "dev")
    b = hlc.tick(a, 1_000, "dev")  # the machine's clock was set back
    c = hlc.tick(b, 1_001, "dev")
    assert a < b < c
    assert b.wall_ms == 5_000 and b.counter == 1
    assert a.encode() < b.encode() < c.encode()


def test_encode_roundtrip_and_sort_order():
    t = HLC(1_700_000_000_123, 42, "01ABC")
    assert HLC.decode(t.encode()) == t
    assert HLC(9, 0, "z").encode() < HLC(10, 0, "a").encode()


def test_decode_rejects_garbage():
    with pytest.raises(ValueError):
        HLC.decode("12-3-x")


def test_receive_takes_max_of_local_and_remote():
    local = HLC(1_000, 3, "a")
    remote = HLC(2_000, 7, "b")
    merged = hlc.receive(local, remote, now_ms=1_500, node="a")
    assert merged > remote and merged > local
    assert merged.wall_ms == 2_000 and merged.counter == 8


def test_receive_refuses_clock_far_in_future():
    with pytest.raises(hlc.ClockSkewError):
        hlc.receive(None, HLC(10**12, 0, "b"), now_ms=1_000, node="a", max_offset_ms=60_000)


def test_counter_overflow_borrows_next_millisecond():
    t = hlc.tick(HLC(1_000, hlc.MAX_COUNTER, "a"), 1_000, "a")
    assert t == HLC(1_001, 0, "a")


@given(st.lists(st.integers(min_value=0, max_value=2**41), min_size=1, max_size=200))
def test_tick_is_strictly_increasing_whatever_the_wall_clock_does(walls):
    last = None
    for now in walls:
        nxt = hlc.tick(last, now, "dev")
        if last is not None:
            assert nxt > last and nxt.encode() > last.encode()
        last = nxt


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 10**6), st.integers(0, 50)),
                min_size=1, max_size=100))
def test_receive_and_tick_mixed_stay_monotonic(steps):
    last = None
    for is_remote, wall, counter in steps:
        if is_remote:
            nxt = hlc.receive(last, HLC(wall, counter, "r"), now_ms=wall // 2, node="dev",
                              max_offset_ms=10**7)
            assert nxt > HLC(wall, counter, "r") or nxt.wall_ms > wall
        else:
            nxt = hlc.tick(last, wall, "dev")
        if last is not None:
            assert (nxt.wall_ms, nxt.counter) > (last.wall_ms, last.counter)
        last = nxt
