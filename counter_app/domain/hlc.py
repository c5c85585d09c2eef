"""Hybrid logical clock (Kulkarni et al. 2014, as in CockroachDB's hlc.go).

A timestamp is (wall_ms, counter, node). It never goes backwards, even when the
machine's wall clock does: if the physical time is not ahead of the last
timestamp, the counter is bumped instead. Its text form sorts like the value,
so events from several devices can be ordered and last-writer-wins decided by
plain string comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

# A remote clock more than this far ahead of ours is refused rather than
# dragging every device's clock into the future.
MAX_OFFSET_MS = 24 * 3600 * 1000
_WALL_DIGITS = 13
_COUNTER_DIGITS = 6
MAX_COUNTER = 10**_COUNTER_DIGITS - 1


class ClockSkewError(ValueError):
    """A remote timestamp is too far in the future to be trusted."""


@dataclass(frozen=True, order=True)
class HLC:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:0{_WALL_DIGITS}d}-{self.counter:0{_COUNTER_DIGITS}d}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> "HLC":
        wall, counter, node = text.split("-", 2)
        if len(wall) != _WALL_DIGITS or len(counter) != _COUNTER_DIGITS:
            raise ValueError(f"not an HLC timestamp: {text!r}")
        return cls(int(wall), int(counter), node)


def tick(last: HLC | None, now_ms: int, node: str) -> HLC:
    """The next local timestamp after ``last`` at physical time ``now_ms``."""
    if last is None or now_ms > last.wall_ms:
        return HLC(now_ms, 0, node)
    return _bump(last.wall_ms, last.counter, node)


def receive(last: HLC | None, remote: HLC, now_ms: int, node: str,
            max_offset_ms: int = MAX_OFFSET_MS) -> HLC:
    """Merge a timestamp seen on an event from another device."""
    if remote.wall_ms - now_ms > max_offset_ms:
        raise ClockSkewError(
            f"remote clock {remote.wall_ms} is more than {max_offset_ms} ms ahead of {now_ms}")
    last_wall = last.wall_ms if last else -1
    last_counter = last.counter if last else 0
    wall = max(now_ms, last_wall, remote.wall_ms)
    if wall == now_ms and wall > last_wall and wall > remote.wall_ms:
        return HLC(wall, 0, node)
    counter = -1
    if wall == last_wall:
        counter = max(counter, last_counter)
    if wall == remote.wall_ms:
        counter = max(counter, remote.counter)
    return _bump(wall, counter, node)


def _bump(wall: int, counter: int, node: str) -> HLC:
    if counter + 1 > MAX_COUNTER:
        # Over a million events in one millisecond: borrow the next millisecond.
        return HLC(wall + 1, 0, node)
    return HLC(wall, counter + 1, node)
