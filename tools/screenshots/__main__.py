"""``python -m tools.screenshots NAME OUTDIR``."""

from tools.screenshots import main

raise SystemExit(main())
