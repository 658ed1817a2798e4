"""The typed ORM classes cover the whole schema and work on a real file."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from smfocus.store import models, tables
from smfocus.store.database import Store
from smfocus.tracker import Tracker


def test_every_table_has_a_class_typing_every_column() -> None:
    mapped = {
        mapper.class_.__table__.name: mapper.class_ for mapper in models.Base.registry.mappers
    }
    assert set(mapped) == set(tables.metadata.tables)
    for name, table in tables.metadata.tables.items():
        annotations = mapped[name].__annotations__
        assert set(annotations) == {column.name for column in table.columns}, name


def test_the_orm_reads_what_the_use_cases_wrote(store: Store, tracker: Tracker) -> None:
    tracker.add_project("Acme", rate="45")
    tracker.start("Acme", "Replies", category="replies")
    with Session(store.engine) as session:
        project = session.scalars(select(models.Project)).one()
        entry = session.scalars(select(models.TimeEntry)).one()
        task = session.get(models.Task, entry.task_id)
    assert (project.name, project.rate_cents) == ("Acme", 4500)
    assert entry.ended_at is None and entry.project_id == project.id
    assert task is not None and task.category == "replies"
