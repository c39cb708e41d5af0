"""Storage: SQLAlchemy models, engine set-up, transactions and Alembic migrations."""
