"""The bundle's entry point (installer/counter_app.spec): both programs run the CLI.

A windowed Windows program has no console: ``sys.stdout`` and ``sys.stderr`` are
None, and the first message written would raise. They are pointed at the null
device there; the log file and the app's windows still say what happened. Any
subcommand works in both programs; ``counter-app-cli`` is the one that shows text.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    from counter_app.cli import main as cli_main
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
