"""The office hub and central sync server (FastAPI + psycopg 3 + PostgreSQL)."""
