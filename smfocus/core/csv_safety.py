"""Cells that a spreadsheet would run as a formula, made inert.

A task named ``=HYPERLINK("http://…")`` is harmless in smfocus and dangerous in
the spreadsheet a client opens the timesheet with: Excel, LibreOffice and Google
Sheets evaluate a cell that starts with ``=``, ``+``, ``-`` or ``@``, and some
also when a tab or carriage return comes first. Prefixing an apostrophe is the
convention every spreadsheet reads as "this is text" and shows without it.

Only text that a user typed goes through here: numbers written by smfocus
(seconds, decimal hours, money) stay numbers, negative ones included.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value`` as a spreadsheet shows it, never evaluated."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
