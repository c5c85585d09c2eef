"""The desktop application (PySide6): windows, widgets and background workers.

Only ``ui/qt.py`` imports PySide6; every other module takes its Qt names from
there. The core (``counter_app``) is reached through ``ui.worker.DbWorker`` so
that the database is touched on one thread and widgets on the GUI thread.
"""
