"""The schema. Times are UTC epoch seconds in INTEGER columns.

Invariants the database itself holds, whichever process writes:

* at most one running entry (``ended_at IS NULL``) per user: a partial unique
  index, declared inside the table so SQLAlchemy attaches it;
* an entry ends after it starts: a CHECK constraint;
* project names are unique per user regardless of case, task names per project:
  unique constraints on a case-folded key column.

Overlap between two entries cannot be a plain constraint; the use cases check
it inside the writing transaction, which holds the write lock (see database.py).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[int] = mapped_column(Integer)


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (
        UniqueConstraint("user_id", "name_key", name="uq_projects_user_name"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
        CheckConstraint("rate_cents IS NULL OR rate_cents >= 0", name="rate_positive"),
        CheckConstraint("value_cents IS NULL OR value_cents >= 0", name="value_positive"),
        CheckConstraint("value_per IN ('month', 'result')", name="value_per_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    colour: Mapped[str] = mapped_column(String(7))
    rate_cents: Mapped[int | None] = mapped_column(Integer)  # hourly cost of the work
    currency: Mapped[str] = mapped_column(String(3))
    value_cents: Mapped[int | None] = mapped_column(Integer)  # what the project brings in
    value_per: Mapped[str] = mapped_column(String(6), server_default="month")
    priority: Mapped[int] = mapped_column(Integer, server_default="3")
    archived: Mapped[bool] = mapped_column(Boolean, server_default="0")
    created_at: Mapped[int] = mapped_column(Integer)


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("project_id", "name_key", name="uq_tasks_project_name"),
        CheckConstraint(
            "estimate_pomodoros IS NULL OR estimate_pomodoros > 0", name="estimate_positive"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    category: Mapped[str | None] = mapped_column(String(80))
    estimate_pomodoros: Mapped[int | None] = mapped_column(Integer)
    done: Mapped[bool] = mapped_column(Boolean, server_default="0")
    created_at: Mapped[int] = mapped_column(Integer)


class TimeEntry(Base):
    __tablename__ = "time_entries"
    __table_args__ = (
        CheckConstraint("ended_at IS NULL OR ended_at > started_at", name="ends_after_start"),
        # One running entry per user, on SQLite and PostgreSQL alike.
        Index(
            "uq_time_entries_one_running",
            "user_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        # Covers the overlap check and range reports without touching the table.
        Index(
            "ix_time_entries_user_started",
            "user_id",
            "started_at",
            "ended_at",
            "project_id",
            "task_id",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The project is stored on the entry too: reports by project skip the join,
    # and an entry may have no task (``smfocus start PROJECT``).
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="SET NULL"), index=True
    )
    started_at: Mapped[int] = mapped_column(Integer)
    ended_at: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), server_default="cli")


class Interruption(Base):
    __tablename__ = "interruptions"
    __table_args__ = (CheckConstraint("kind IN ('internal', 'external')", name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("time_entries.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
