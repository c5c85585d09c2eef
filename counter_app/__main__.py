"""Composition root: ``python -m counter_app`` and the ``counter-app`` script."""

from __future__ import annotations

import sys


def main() -> int:
    from counter_app.cli import main as cli_main
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
