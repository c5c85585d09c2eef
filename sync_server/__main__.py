"""``python -m sync_server`` and the ``counter-sync-server`` script."""

from __future__ import annotations

import sys


def main() -> int:
    from sync_server.cli import main as cli_main
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
