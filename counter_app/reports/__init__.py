"""The periodic reports (shared/domain.md §7, docs/REPORTS.md): one definition of every
measure, for one office's SQLite database and for the central server's PostgreSQL read
model (the same table and column names).

Each report is one portable SELECT that picks the facts (``sql.py``: no date functions,
times compared as UTC ISO text) and plain Python that applies the rules and counts
(``dossiers.py``, ``queue.py``, ``ratings.py``). Neither Qt nor the services are imported
here, so the sync server can use it over its own DB-API connection.
"""
