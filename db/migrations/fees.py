"""Fees charged on a dossier and their payments (issue 14 item 2, m018)."""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.base import MIGRATIONS, run_sql


@MIGRATIONS(name="m018_fees_and_payments")
def m018_fees_and_payments(db: Database) -> None:
    """What a dossier owes (``fee_total``: its fees with an amount, less those
    exempted; the fees themselves stay in ``fees``) and what was paid (``fee_paid``),
    and one row per payment (``dossier_payments``, a projection of ``dossier.paid``:
    amount, cash / transfer / online, when, the bank's or portal's reference).
    Dossiers recorded before this version charged the catalogue's amounts and have no
    payment recorded: their total is taken from their fees."""
    run_sql(db, """
    ALTER TABLE dossiers ADD COLUMN fee_total INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dossiers ADD COLUMN fee_paid INTEGER NOT NULL DEFAULT 0;
    UPDATE dossiers SET fee_total = coalesce((
        SELECT sum(json_extract(f.value, '$.amount_vnd')) FROM json_each(dossiers.fees) f
        WHERE json_extract(f.value, '$.amount_vnd') IS NOT NULL
        AND coalesce(json_extract(f.value, '$.exempt'), 0) = 0), 0)
    WHERE fees <> '[]';
    CREATE TABLE dossier_payments (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL,
        amount INTEGER NOT NULL,
        method TEXT NOT NULL,
        paid_at TEXT NOT NULL,
        reference TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL,
        event_id TEXT NOT NULL
    );
    CREATE INDEX dossier_payments_dossier ON dossier_payments (dossier_id);
    CREATE INDEX dossier_payments_paid ON dossier_payments (paid_at)
    """)
