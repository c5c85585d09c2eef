"""A process that records commands forever; the crash test kills it with SIGKILL.

Each command writes several events and their projections, so a kill can land
in the middle of one. Prints "ready" once the first command has committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from counter_app.domain.events import NewEvent
from counter_app.services.core import Core


def main(db: str, config: str) -> None:
    core = Core.open(Path(db), Path(config), system=True)
    n = 1000
    while True:
        n += 1
        core.record([
            NewEvent("counter", f"k{n}", "counter.defined", {"number": n, "name": f"Quầy {n}"}),
            NewEvent("counter", f"k{n}", "counter.updated", {"name": f"Quầy số {n}"}),
            NewEvent("service", f"s{n}", "service.defined",
                     {"code": f"S{n}", "name": "Dịch vụ thử", "prefix": "Z"}),
        ])
        if n == 1001:
            print("ready", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
