"""Timing helpers: run a function many times and report p50/p95/max in ms."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable


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
    return summarise(name, samples)


def summarise(name: str, samples_ms: list[float]) -> Timing:
    """p50/p95/max/mean of durations already taken (in ms)."""
    samples = sorted(samples_ms)
    return Timing(name, len(samples), samples[len(samples) // 2],
                  samples[min(len(samples) - 1, int(len(samples) * 0.95))],
                  samples[-1], statistics.fmean(samples))


def demo_dataset(folder: Path, name: str, fill: Callable[[Any], None]) -> tuple[Path, Path]:
    """A demo-office database filled by ``fill(core)``, built once under ``folder`` and
    reused by later runs (building a million rows takes minutes)."""
    from counter_app.services.core import Core
    from counter_app.services.setup import initialise
    db, cfg = folder / f"{name}.sqlite", folder / f"{name}.json"
    if db.exists():
        return db, cfg
    folder.mkdir(parents=True, exist_ok=True)
    tmp = db.with_suffix(".building")
    for leftover in folder.glob(tmp.name + "*"):
        leftover.unlink()
    initialise(tmp, cfg, demo=True)
    core = Core.open(tmp, cfg, system=True)
    try:
        fill(core)
    finally:
        core.close()
    os.replace(tmp, db)
    return db, cfg


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
