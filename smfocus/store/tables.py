"""The schema, declared once with SQLAlchemy Core. Times are UTC epoch seconds.

The use cases run on Core: ``import sqlalchemy.orm`` alone costs about a
third of what a whole ``smfocus start`` may take, and every keyboard shortcut
pays it. The typed ORM classes in models.py map onto these same tables for
code that wants objects.

Invariants the database itself holds, whichever process writes:

* at most one running entry (``ended_at IS NULL``) per user: a partial unique
  index (SQLite here; PostgreSQL gets the same WHERE from ``enable_postgresql``);
* an entry ends after it starts: a CHECK constraint;
* project names are unique per user regardless of case, task names per project:
  unique constraints on a case-folded key column;
* an id is never given twice, even after its row is deleted: AUTOINCREMENT on
  every table whose ids users see (PostgreSQL sequences never reuse a value).

Overlap between two entries cannot be a plain constraint; the use cases check
it inside the writing transaction, which holds the write lock (see database.py).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

# Moments (seconds since 1970), money (cents) and budgets of time: 64-bit on
# PostgreSQL, whose ``integer`` ends in January 2038 and at 21 million in cents
# (migration 0009); SQLite's INTEGER is 64-bit already.
Wide = Integer().with_variant(BigInteger(), "postgresql")

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("created_at", Wide, nullable=False),
    # The secret part of the person's live-update channel (server.channel): LISTEN
    # needs no grant, so only a name nobody can guess keeps colleagues off it.
    # Nullable only because SQLite cannot make an added column NOT NULL in place.
    Column("channel_key", String(32)),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(80), nullable=False),
    Column("name_key", String(80), nullable=False),
    Column("colour", String(7), nullable=False),
    Column("rate_cents", Wide),  # hourly rate of the work
    Column("currency", String(3), nullable=False),
    Column("value_cents", Wide),  # what the project brings in, per value_per
    Column("value_per", String(6), nullable=False, server_default="month"),
    Column("priority", Integer, nullable=False, server_default="3"),
    Column("archived", Boolean, nullable=False, server_default="0"),
    Column("created_at", Wide, nullable=False),
    # Who pays: one client often has several projects ("Bloom — Instagram",
    # "Bloom — LinkedIn"); free text, as the tools users move in from have it.
    Column("client", String(80)),
    # The retainer: a monthly budget in hours and/or money; unused hours of a
    # month carry into the next when budget_rollover is set.
    Column("budget_seconds", Wide),
    Column("budget_cents", Wide),
    Column("budget_rollover", Boolean),
    Column("commit_seconds", Wide),  # hours promised per week
    UniqueConstraint("user_id", "name_key", name="uq_projects_user_name"),
    CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
    CheckConstraint("rate_cents IS NULL OR rate_cents >= 0", name="rate_positive"),
    CheckConstraint("value_cents IS NULL OR value_cents >= 0", name="value_positive"),
    CheckConstraint("value_per IN ('month', 'result')", name="value_per_known"),
    sqlite_autoincrement=True,
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(80), nullable=False),
    Column("name_key", String(80), nullable=False),
    Column("category", String(80)),
    Column("estimate_pomodoros", Integer),
    Column("done", Boolean, nullable=False, server_default="0"),
    Column("created_at", Wide, nullable=False),
    UniqueConstraint("project_id", "name_key", name="uq_tasks_project_name"),
    CheckConstraint(
        "estimate_pomodoros IS NULL OR estimate_pomodoros > 0", name="estimate_positive"
    ),
    sqlite_autoincrement=True,
)

time_entries = Table(
    "time_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # The project is stored on the entry too: reports by project skip the join,
    # and an entry may have no task (``smfocus start PROJECT``).
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("task_id", ForeignKey("tasks.id", ondelete="SET NULL")),
    Column("started_at", Wide, nullable=False),
    Column("ended_at", Wide),
    Column("note", Text),
    Column("source", String(16), nullable=False, server_default="cli"),
    # The id the entry had in the tool it was imported from (Watson's frame id,
    # a Toggl row's fingerprint...): importing the same file twice finds it here.
    Column("source_ref", String(120)),
    CheckConstraint("ended_at IS NULL OR ended_at > started_at", name="ends_after_start"),
    # NULLs are distinct in a unique index on SQLite and PostgreSQL alike, so
    # entries typed by hand (no source_ref) never collide.
    Index("uq_time_entries_source_ref", "user_id", "source", "source_ref", unique=True),
    Index(
        "uq_time_entries_one_running",
        "user_id",
        unique=True,
        sqlite_where=text("ended_at IS NULL"),
    ),
    # Three covering indexes, one per way reports slice time: by user (overlap
    # checks, log, totals per day), by project and by task. Each report query
    # is a series of range seeks on one of them, so SQLite never sorts a
    # million rows to group them (see reports.py).
    Index("ix_time_entries_user_started", "user_id", "started_at", "ended_at"),
    Index("ix_time_entries_project_started", "project_id", "started_at", "ended_at"),
    Index("ix_time_entries_task_started", "task_id", "started_at", "ended_at"),
    sqlite_autoincrement=True,
)

interruptions = Table(
    "interruptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "entry_id", ForeignKey("time_entries.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("at", Wide, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("note", Text),
    CheckConstraint("kind IN ('internal', 'external')", name="kind_known"),
    sqlite_autoincrement=True,
)


pomodoro_phases = Table(
    "pomodoro_phases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),
    # What the phase is about; a break keeps the task so work can resume on it.
    Column("project_id", ForeignKey("projects.id", ondelete="SET NULL")),
    Column("task_id", ForeignKey("tasks.id", ondelete="SET NULL")),
    Column("started_at", Wide, nullable=False),
    Column("ends_at", Wide, nullable=False),  # moves later by each pause
    Column("duration", Integer, nullable=False),  # planned length, pauses excluded
    Column("paused_at", Wide),
    Column("ended_at", Wide),  # NULL while this is the current phase
    Column("outcome", String(12)),
    Column("work_count", Integer, nullable=False, server_default="0"),
    CheckConstraint("kind IN ('work', 'short_break', 'long_break')", name="kind_known"),
    CheckConstraint(
        "outcome IS NULL OR outcome IN ('completed', 'skipped', 'stopped', 'slept')",
        name="outcome_known",
    ),
    CheckConstraint("ends_at >= started_at AND duration > 0", name="sane_times"),
    CheckConstraint("ended_at IS NULL OR ended_at >= started_at", name="ends_after_start"),
    Index(
        "uq_pomodoro_phases_one_current",
        "user_id",
        unique=True,
        sqlite_where=text("ended_at IS NULL"),
    ),
    Index("ix_pomodoro_phases_user_started", "user_id", "started_at"),
    sqlite_autoincrement=True,
)

settings = Table(
    "settings",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
)


# A budget threshold (80 or 100 %) is announced once per project and month,
# across restarts: the row is the memory of having said it.
budget_alerts = Table(
    "budget_alerts",
    metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("month", String(7), primary_key=True),  # YYYY-MM, local
    Column("threshold", Integer, primary_key=True),
    Column("at", Wide, nullable=False),
)

# A monthly budget for a client: the projects whose ``client`` has this name
# (compared as names are, by ``client_key``) share it. A client is free text on
# projects, not a row of its own, so the budget is keyed by the name.
client_budgets = Table(
    "client_budgets",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("client_key", String(80), primary_key=True),
    Column("client", String(80), nullable=False),  # as the user last wrote it
    Column("budget_seconds", Wide),
    Column("budget_cents", Wide),
    Column("currency", String(3)),  # of budget_cents
    Column("rollover", Boolean, nullable=False, server_default="0"),
    CheckConstraint("budget_seconds IS NOT NULL OR budget_cents IS NOT NULL", name="some_budget"),
)

# As budget_alerts, for a client's budget.
client_budget_alerts = Table(
    "client_budget_alerts",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("client_key", String(80), primary_key=True),
    Column("month", String(7), primary_key=True),  # YYYY-MM, local
    Column("threshold", Integer, primary_key=True),
    Column("at", Wide, nullable=False),
)

# A command (argv as a JSON list, never a shell line) or a URL to call on an event.
hooks = Table(
    "hooks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("event", String(32), nullable=False),
    Column("argv", Text),
    Column("url", Text),
    Column("created_at", Wide, nullable=False),
    CheckConstraint("(argv IS NULL) <> (url IS NULL)", name="one_target"),
    Index("ix_hooks_user_event", "user_id", "event"),
    sqlite_autoincrement=True,
)

hook_deliveries = Table(
    "hook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hook_id", ForeignKey("hooks.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("event", String(32), nullable=False),
    Column("at", Wide, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("status", String(40), nullable=False),  # exit 0, HTTP 200, timeout...
    Column("duration_ms", Integer, nullable=False),
    Column("detail", Text),  # stderr's tail, or the error
    sqlite_autoincrement=True,
)


# A batch run: the open tasks of one category queued across projects and worked
# back to back. Rows, not memory, so a batch outlives a killed or restarted app.
batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("category", String(80), nullable=False),
    Column("position", Integer, nullable=False, server_default="0"),  # the current item
    Column("started_at", Wide, nullable=False),
    Column("ended_at", Wide),  # NULL while the batch runs
    Index(
        "uq_batches_one_running",
        "user_id",
        unique=True,
        sqlite_where=text("ended_at IS NULL"),
    ),
    sqlite_autoincrement=True,
)

batch_items = Table(
    "batch_items",
    metadata,
    Column("batch_id", ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
    Column("outcome", String(8)),  # NULL: queued or current; done or skipped
    CheckConstraint("outcome IS NULL OR outcome IN ('done', 'skipped')", name="outcome_known"),
)


# A recurring block of time, kept as local wall time so that 09:00 stays 09:00
# across clock changes (core/blocks.py).
blocks = Table(
    "blocks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("days", String(27), nullable=False),  # "0,3": Monday and Thursday
    Column("start_minute", Integer, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("label", String(80), nullable=False),
    Column("created_at", Wide, nullable=False),
    CheckConstraint("start_minute BETWEEN 0 AND 1439", name="start_in_day"),
    CheckConstraint("minutes BETWEEN 1 AND 1440", name="length_sane"),
    sqlite_autoincrement=True,
)


# The undo journal: one row per change made through the timeline or the CLI's
# edit, add and delete. It holds the rows as they were before the change and the
# ids the change created, so an undo works after a restart too. Entry ids are
# never reused (AUTOINCREMENT), so a deleted row comes back under its own id.
undo_steps = Table(
    "undo_steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("at", Wide, nullable=False),
    Column("label", String(200), nullable=False),
    Column("payload", Text, nullable=False),  # JSON: before, interruptions, created
    Index("ix_undo_steps_user_id", "user_id", "id"),
    sqlite_autoincrement=True,
)

# Time the user was away while an entry ran, written when idleness is first
# seen (so a crash loses nothing) and resolved when the user answers.
away_periods = Table(
    "away_periods",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("entry_id", ForeignKey("time_entries.id", ondelete="CASCADE"), nullable=False),
    Column("started_at", Wide, nullable=False),
    Column("ended_at", Wide),  # NULL while the user is still away
    Column("reason", String(8), nullable=False, server_default="idle"),
    Column("resolution", String(8)),  # NULL while pending
    Column("resolved_at", Wide),
    CheckConstraint("reason IN ('idle', 'sleep', 'lock')", name="reason_known"),
    CheckConstraint(
        "resolution IS NULL OR resolution IN ('keep', 'discard', 'stop', 'assign')",
        name="resolution_known",
    ),
    CheckConstraint("ended_at IS NULL OR ended_at >= started_at", name="ends_after_start"),
    Index("ix_away_periods_user_pending", "user_id", "resolution", "started_at"),
    sqlite_autoincrement=True,
)


def enable_postgresql() -> None:
    """Give the partial indexes their PostgreSQL form. Declared lazily: naming a
    ``postgresql_`` option loads that dialect, about 60 ms on every command."""
    for table, name in (
        (time_entries, "uq_time_entries_one_running"),
        (pomodoro_phases, "uq_pomodoro_phases_one_current"),
        (batches, "uq_batches_one_running"),
    ):
        for index in table.indexes:
            if index.name == name:
                index.dialect_options["postgresql"]["where"] = text("ended_at IS NULL")
