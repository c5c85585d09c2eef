"""Reports across offices (issue 14 item 6, docs/REPORTS.md "Across offices"): the
office app's own report SQL run on each office's read model, the rows pooled, and the
figures derived once from the pool — for ``counter-sync-server report`` and the
leaders' ``GET /v1/reports/{kind}``."""
