"""Any entry written as Toggl writes it comes back to the same second."""

from __future__ import annotations

import csv
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from smfocus.imports import toggl
from tests.imports.files import TOGGL_HEADER

ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/Paris",
        "America/New_York",
        "Australia/Lord_Howe",  # a half-hour change
        "Asia/Kolkata",
        "UTC",
    )
]
# 1990-2037: change days under several rules in each zone.
FIRST, LAST = 631_152_000, 2_145_916_800
lengths = st.integers(min_value=0, max_value=30 * 3600)


def changes(tz: ZoneInfo) -> list[int]:
    """Every instant the zone's offset changes between FIRST and LAST."""
    found = []

    def offset(epoch: int) -> timedelta | None:
        return datetime.fromtimestamp(epoch, tz).utcoffset()

    for day in range(FIRST, LAST, 86_400):
        if offset(day) != offset(day + 86_400):
            low, high = day, day + 86_400  # offset(low) differs from offset(high)
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
            found.append(high)
    return found


CHANGES = {tz: changes(tz) for tz in ZONES if changes(tz)}


@st.composite
def zone_and_instants(draw: st.DrawFn) -> tuple[ZoneInfo, list[int]]:
    """A zone and starts, half of them within three hours of one of its changes:
    uniform instants would almost never meet a change day."""
    tz = draw(st.sampled_from(ZONES))
    near = st.sampled_from(CHANGES.get(tz, [FIRST])).flatmap(
        lambda change: st.integers(change - 3 * 3600, change + 3 * 3600)
    )
    anywhere = st.integers(min_value=FIRST, max_value=LAST)
    return tz, draw(st.lists(st.one_of(near, anywhere), min_size=1, max_size=8))


texts = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30
)


def local(epoch: int, tz: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(epoch, tz)


def second_occurrence(moment: datetime) -> bool:
    """The later of two instants that share this wall time (``fold=1`` of a repeat)."""
    naive = moment.replace(tzinfo=None)
    earlier = naive.replace(tzinfo=moment.tzinfo, fold=0).timestamp()
    return moment.fold == 1 and earlier != moment.timestamp()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone_and_instants(), st.data())
def test_random_entries_read_back_to_the_same_seconds(
    zone: tuple[ZoneInfo, list[int]], data: st.DataObject
) -> None:
    tz, starts = zone
    entries = [(start, data.draw(lengths), data.draw(texts), data.draw(texts)) for start in starts]
    rows = []
    for start, length, project, description in entries:
        began, ended = local(start, tz), local(start + length, tz)
        # Both ends in the second pass of a repeated hour: the wall times and
        # the duration also fit the first pass, and nothing in the file can
        # tell them apart (the reader takes the first, as documented).
        assume(not (second_occurrence(began) and second_occurrence(ended)))
        hours, rest = divmod(length, 3600)
        rows.append(
            [
                "Ana",
                "",
                "",
                project,
                "",
                description,
                "No",
                began.strftime("%Y-%m-%d"),
                began.strftime("%H:%M:%S"),
                ended.strftime("%Y-%m-%d"),
                ended.strftime("%H:%M:%S"),
                f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}",
                "",
                "",
            ]
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "toggl.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(TOGGL_HEADER)
            writer.writerows(rows)

        read = list(toggl.read(path, tz=tz))

    assert [(e.started_at, e.ended_at) for e in read] == [
        (start, start + length) for start, length, _, _ in entries
    ]
    assert [e.note for e in read] == [
        description.strip() or None for _, _, _, description in entries
    ]
    assert len({e.source_id for e in read}) == len(read)


def test_the_helpers_see_changes_and_the_second_pass_of_a_repeat() -> None:
    assert datetime(2025, 3, 30, 1, tzinfo=ZoneInfo("UTC")).timestamp() in CHANGES[ZONES[0]]
    tz = ZoneInfo("Europe/Paris")
    first = datetime(2025, 10, 26, 0, 30, tzinfo=ZoneInfo("UTC")).timestamp()
    assert second_occurrence(local(int(first + timedelta(hours=1).total_seconds()), tz))
    assert not second_occurrence(local(int(first), tz))
