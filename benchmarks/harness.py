"""Timing helpers: run a function many times and report p50/p95/max in ms."""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from typing import Callable


@dataclass
class Timing:
    name: str
    runs: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    mean_ms: float

    def line(self) -> str:
        return (f"{self.name:<40} runs={self.runs:<5} p50={self.p50_ms:8.3f} ms  "
                f"p95={self.p95_ms:8.3f} ms  max={self.max_ms:8.3f} ms")


def measure(name: str, fn: Callable[[int], object], runs: int, warmup: int = 5) -> Timing:
    """Call ``fn(i)`` ``runs`` times (after ``warmup`` calls) and time each call."""
    for i in range(warmup):
        fn(-1 - i)
    samples = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return Timing(name, runs, samples[len(samples) // 2],
                  samples[min(len(samples) - 1, int(len(samples) * 0.95))],
                  samples[-1], statistics.fmean(samples))


def machine() -> dict:
    import sqlite3
    return {"python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(), "cpu_count": __import__("os").cpu_count()}


def report(title: str, timings: list[Timing], extra: dict | None = None,
           as_json: bool = False) -> None:
    if as_json:
        print(json.dumps({"benchmark": title, "machine": machine(), **(extra or {}),
                          "timings": [asdict(t) for t in timings]}, ensure_ascii=False, indent=2))
        return
    print(f"== {title}")
    for k, v in {**machine(), **(extra or {})}.items():
        print(f"   {k}: {v}")
    for t in timings:
        print("   " + t.line())
