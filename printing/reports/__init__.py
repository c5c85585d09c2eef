"""The periodic reports as files: XLSX (one sheet per breakdown) and PDF (A4, the
report table style of Nghị định 30/2020, with charts). The figures come ready from
``counter_app.reports``; nothing here counts."""
