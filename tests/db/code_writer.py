"""Allocates dossier codes in a loop (used by the concurrency and crash tests).

``python -m tests.db.code_writer DB CONFIG COUNT`` allocates COUNT codes and
prints each as it is committed; COUNT 0 means forever.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from counter_app.domain.clock import LOCAL_TZ
from counter_app.services import codes
from counter_app.services.core import Core

RECEIVED = datetime(2026, 11, 23, 9, 30, tzinfo=LOCAL_TZ)


def main(db: str, config: str, count: int) -> None:
    core = Core.open(Path(db), Path(config), system=True)
    n = 0
    while count == 0 or n < count:
        print(codes.new_code(core, RECEIVED), flush=True)
        n += 1
    core.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
