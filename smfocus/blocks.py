"""Recurring blocks: ``block add|list|remove`` and a week's occurrences for
``plan`` and the calendar export. The arithmetic is in core/blocks.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select

from smfocus.core import validation
from smfocus.core.blocks import Block, occurrences, parse_block
from smfocus.core.i18n import _
from smfocus.errors import Fix, NotFoundError
from smfocus.store.rows import new_id
from smfocus.store.tables import blocks

if TYPE_CHECKING:
    from smfocus.tracker import Tracker

K = blocks.c


def _block(row: Any) -> Block:
    days = tuple(int(day) for day in row.days.split(","))
    return Block(int(row.id), days, row.start_minute, row.minutes, row.label)


def add_block(tracker: Tracker, text: str) -> Block:
    days, start_minute, minutes, label = parse_block(text)
    clean = validation.name(label, "block")
    with tracker.write() as unit:
        created = unit.connection.execute(
            insert(blocks).values(
                user_id=unit.user_id,
                days=",".join(str(day) for day in days),
                start_minute=start_minute,
                minutes=minutes,
                label=clean,
                created_at=unit.now,
            )
        )
        return Block(new_id(created), days, start_minute, minutes, clean)


def list_blocks(tracker: Tracker) -> list[Block]:
    with tracker.read() as unit:
        if unit.user_id is None:
            return []
        rows = unit.connection.execute(
            select(blocks).where(K.user_id == unit.user_id).order_by(K.start_minute, K.id)
        )
        return [_block(row) for row in rows]


def remove_block(tracker: Tracker, block_id: int) -> Block:
    with tracker.write() as unit:
        row = unit.connection.execute(
            select(blocks).where(K.id == block_id, K.user_id == unit.user_id)
        ).first()
        if row is None:
            raise NotFoundError(
                _("There is no block #{id}.").format(id=block_id), fix=Fix("see_blocks")
            )
        unit.connection.execute(delete(blocks).where(K.id == block_id))
        return _block(row)


def scheduled(tracker: Tracker, start: int, end: int) -> list[tuple[int, int, Block]]:
    """Every block occurrence starting in [start, end), in time order."""
    found = [
        (begin, finish, block)
        for block in list_blocks(tracker)
        for begin, finish in occurrences(block, start, end, tracker.tz)
    ]
    found.sort(key=lambda item: (item[0], item[2].id))
    return found
