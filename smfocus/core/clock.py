"""Clocks. Every function that needs "now" receives one, so tests drive time by hand."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> int:
        """Wall-clock time as UTC epoch seconds."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never jumps when the wall clock is set."""
        ...


class SystemClock:
    def now(self) -> int:
        return int(time.time())

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to; ``sleep`` moves the wall clock but
    not the monotonic one on systems where suspend stops it (as on Linux)."""

    def __init__(self, start: int = 1_767_225_600) -> None:  # 2026-01-01T00:00Z
        self._now = start
        self._mono = 1000.0

    def now(self) -> int:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: int) -> None:
        self._now += seconds
        self._mono += seconds

    def suspend(self, seconds: int) -> None:
        self._now += seconds

    def set(self, epoch: int) -> None:
        self._now = epoch
