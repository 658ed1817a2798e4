"""A team on one PostgreSQL database: each person's role reads and writes only
their own rows, whatever client they use; a lead reads everyone's.

Roles are the server's, shared by its databases; the policies are per database.
None of these roles is a superuser (a superuser would bypass the policies).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import NullPool

from smfocus.core.clock import FakeClock
from tests.helpers import assert_one_line_error, raw_query, run_main


def _as(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


@pytest.fixture
def team_url(pg_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A team database: alice and bob are members, carol leads; each tracked time."""
    clock = FakeClock()

    def cli(url: str, *argv: str) -> None:
        result = run_main(["--database-url", url, *argv], capsys, data_dir=data_dir, clock=clock)
        assert result.code == 0, result.err

    cli(pg_url, "db", "init-team")
    cli(pg_url, "db", "init-team")  # a second run changes nothing
    cli(pg_url, "db", "add-member", "alice")
    cli(pg_url, "db", "add-member", "bob")
    cli(pg_url, "db", "add-member", "carol", "--lead")
    for person, client in (("alice", "Bloom"), ("bob", "Corvid"), ("carol", "Bloom")):
        url = _as(pg_url, person)
        cli(url, "project", "add", "Posts", "--client", client)
        cli(url, "add", "Posts", "Plan", "--from", "-3h", "--to", "-2h")
        cli(url, "start", "Posts", "Reply", "--at", "-1h")
    clock.advance(60)
    return pg_url


def test_a_member_reads_only_their_own_rows_with_raw_sql(team_url: str) -> None:
    bob = _as(team_url, "bob")
    assert raw_query(bob, "SELECT name FROM users") == [("bob",)]
    assert raw_query(bob, "SELECT count(*) FROM time_entries") == [(2,)]
    assert raw_query(bob, "SELECT count(*) FROM projects") == [(1,)]
    assert raw_query(bob, "SELECT count(*) FROM tasks") == [(2,)]
    # Everyone's rows are there: the superuser (no policies) sees all three people's.
    assert raw_query(team_url, "SELECT count(*) FROM time_entries") == [(6,)]


def test_a_member_cannot_change_or_add_another_members_rows(team_url: str) -> None:
    bob = create_engine(_as(team_url, "bob"), poolclass=NullPool)
    alice_id = raw_query(team_url, "SELECT id FROM users WHERE name = 'alice'")[0][0]
    try:
        with bob.begin() as connection:
            changed = connection.execute(text("UPDATE time_entries SET note = 'mine'"))
            assert changed.rowcount == 2  # his own two, not alice's
            gone = connection.execute(
                text("DELETE FROM time_entries WHERE user_id = :u"), {"u": alice_id}
            )
            assert gone.rowcount == 0
        with pytest.raises(sa_exc.ProgrammingError, match="row-level security"), bob.begin() as c:
            c.execute(
                text(
                    "INSERT INTO time_entries (user_id, project_id, started_at, ended_at, source) "
                    "SELECT :u, project_id, 1, 2, 'cli' FROM time_entries LIMIT 1"
                ),
                {"u": alice_id},
            )
    finally:
        bob.dispose()
    notes = raw_query(
        team_url,
        "SELECT u.name, e.note FROM time_entries e JOIN users u "
        "ON u.id = e.user_id WHERE e.note IS NOT NULL",
    )
    assert sorted({name for name, _ in notes}) == ["bob"]


def test_a_lead_reads_everyone_but_writes_only_their_own_rows(team_url: str) -> None:
    carol = create_engine(_as(team_url, "carol"), poolclass=NullPool)
    try:
        for statement in (
            "INSERT INTO tasks (project_id, name, name_key, created_at) "
            "SELECT p.id, 'Planted', 'planted', 0 FROM projects p JOIN users u "
            "ON u.id = p.user_id WHERE u.name = 'alice' LIMIT 1",
            "INSERT INTO interruptions (entry_id, at, kind) SELECT e.id, e.started_at, "
            "'internal' FROM time_entries e JOIN users u ON u.id = e.user_id "
            "WHERE u.name = 'alice' LIMIT 1",
        ):
            refused = pytest.raises(sa_exc.ProgrammingError, match="row-level security")
            with refused, carol.begin() as connection:
                connection.execute(text(statement))
        with carol.begin() as connection:
            connection.execute(text("UPDATE tasks SET category = 'lead was here'"))
    finally:
        carol.dispose()
    changed = raw_query(
        team_url,
        "SELECT DISTINCT u.name FROM tasks t JOIN projects p ON p.id = t.project_id "
        "JOIN users u ON u.id = p.user_id WHERE t.category = 'lead was here'",
    )
    assert changed == [("carol",)]  # her own tasks only, not alice's or bob's


def test_a_lead_reads_everyone_and_the_team_report_follows_the_policies(
    team_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    carol = _as(team_url, "carol")
    assert raw_query(carol, "SELECT count(*) FROM time_entries") == [(6,)]
    clock = FakeClock()
    clock.advance(60)
    lead = run_main(
        ["--database-url", carol, "report", "--team", "--json"],
        capsys,
        data_dir=data_dir,
        clock=clock,
    )
    assert lead.code == 0, lead.err
    rows = {(row["person"], row["client"]): row["seconds"] for row in lead.json()}
    assert rows == {
        ("alice", "Bloom"): 3600 + 3660,
        ("bob", "Corvid"): 3600 + 3660,
        ("carol", "Bloom"): 3600 + 3660,
    }
    member = run_main(
        ["--database-url", _as(team_url, "bob"), "report", "--team", "--json"],
        capsys,
        data_dir=data_dir,
        clock=clock,
    )
    assert [row["person"] for row in member.json()] == ["bob"]


def test_a_member_cannot_set_up_the_team(
    team_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_main(
        ["--database-url", _as(team_url, "bob"), "db", "add-member", "mallory", "--lead"],
        capsys,
        data_dir=data_dir,
    )
    assert result.code == 1
    assert_one_line_error(result.err)
