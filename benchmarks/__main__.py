"""``python -m benchmarks NAME [--size N] [--runs R] [--json] [--data DIR]``
(``reports-offices`` also takes ``--offices N``)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks import (commit, dossiers, forms, office, reports, reports_offices, sync,
                        ticket)

BENCHMARKS = {
    "commit": (commit.run, 1_000_000, 500),
    "ticket": (ticket.run, 500, 200),
    "dossiers": (dossiers.run, 1_000_000, 300),
    "forms": (forms.run, 5, 200),
    "sync": (sync.run, 100_000, 1),
    "reports": (reports.run, 100_000, 10),
    "reports-offices": (reports_offices.run, 1_000_000, 5),
    "office": (office.run, 200, 1),
}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks")
    p.add_argument("name", choices=sorted(BENCHMARKS))
    p.add_argument("--size", "--events", dest="size", type=int,
                   help="data set size (default: the budget's size); sync: events pushed")
    p.add_argument("--devices", type=int, default=1,
                   help="sync: devices pushing and pulling at once (10 to an office)")
    p.add_argument("--offices", type=int, default=100,
                   help="reports-offices: offices the dossiers are spread over")
    p.add_argument("--runs", type=int, help="timed runs")
    p.add_argument("--json", action="store_true")
    p.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "counter-app-bench",
                   help="where data sets are built and kept for reuse")
    args = p.parse_args(argv)
    fn, size, runs = BENCHMARKS[args.name]
    extra = {"devices": args.devices} if args.name == "sync" else \
        {"offices": args.offices} if args.name == "reports-offices" else {}
    fn(args.size or size, args.runs or runs, args.json, args.data, **extra)


if __name__ == "__main__":
    main()
