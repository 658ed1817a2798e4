"""SQLAlchemy models, engine set-up, migrations and report queries."""
