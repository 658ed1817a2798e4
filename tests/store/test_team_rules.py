"""Row-level security covers every table, including the ones added later."""

from __future__ import annotations

from smfocus.store.tables import metadata
from smfocus.store.team import owned_by


def test_every_table_of_the_schema_has_an_owner_rule() -> None:
    assert set(owned_by()) == set(metadata.tables)


def test_a_child_table_is_owned_through_its_parent() -> None:
    rules = owned_by()
    assert rules["interruptions"] == (
        "entry_id IN (SELECT id FROM time_entries WHERE user_id = smfocus_uid())"
    )
    assert rules["time_entries"] == "user_id = smfocus_uid()"
