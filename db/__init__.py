"""SQLite storage: connection settings, migrations, event store, projections."""
