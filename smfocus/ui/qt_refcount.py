"""A guard against PySide6 6.12.0's lost references to ``None`` and ``True``.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7): every call of a
C++ method returning void hands back ``None`` without a reference, and
``SignalInstance.emit`` does the same with ``True``. 6.11.3 on the same
Python loses none. The 6.12 wheels seem to assume those objects are
immortal, as they are since CPython 3.12; on 3.11 they are not, so each call
leaves them one reference short, and once the count reaches zero CPython
aborts: "Fatal Python error: none_dealloc" (or bool_dealloc). pyqtgraph emits
and calls void methods on every repaint; ``True`` starts with only a few
hundred references, so a charts window crashes the process after a few
hundred repaints.

``install()`` probes for the loss with a few calls. If references go
missing it gives them back and makes ``None``, ``True`` and ``False`` immortal
the way CPython 3.12 does: a reference count no process can use up (2**40).
On CPython 3.12+, or a PySide6 that counts properly, it does nothing.

The real fix is a PySide6 that matches the interpreter (6.11 on 3.11, or
CPython 3.12+); this keeps the app alive meanwhile.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

PROBES = 16
IMMORTAL = 1 << 40
_state = {"installed": False}

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _losses() -> tuple[int, int]:
    """References to None and to True lost by PROBES void calls and PROBES emits,
    given back before returning."""
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(PROBES):
        probe.setObjectName("probe")  # void in C++
        probe.ping.emit()
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    for value, lost in ((None, lost_none), (True, lost_true)):
        for _ in range(max(lost, 0)):
            _incref(value)
    return lost_none, lost_true


def _make_immortal(value: object) -> bool:
    """Raise the object's reference count by IMMORTAL, if its layout is the usual one."""
    field = ctypes.c_ssize_t.from_address(id(value))
    if field.value != sys.getrefcount(value) - 1:  # not where ob_refcnt should be: leave it
        return False
    field.value += IMMORTAL
    return True


def install() -> bool:
    """Make None, True and False immortal if this PySide6 loses references to them."""
    if _state["installed"]:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    lost_none, lost_true = _losses()
    if lost_none < PROBES // 2 and lost_true < PROBES // 2:
        return False
    _state["installed"] = all([_make_immortal(None), _make_immortal(True), _make_immortal(False)])
    return _state["installed"]
