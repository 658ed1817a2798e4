"""The pseudo-language: every translated string comes out as ``⟦English⟧``, so a
run of the CLI or a window in it shows at a glance (and to a test) any English
that was never marked for translation.

``pseudo`` (a fixture) writes the catalog for the strings the code marks today,
points smfocus at it (``SMFOCUS_LOCALE_DIR``, ``LANG=qps_PLOC``: child processes
inherit both) and speaks it in this process. ``unmarked(text, allowed)`` answers
the English words left outside the brackets.
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from smfocus.core import i18n

ROOT = Path(__file__).resolve().parent.parent
CODE = "qps"
OPEN, CLOSE = "⟦", "⟧"

# Words that are not sentences: the product's name, units and codes, and what the
# user types (commands, options, setting keys), which stay as they are in every
# language.
ALWAYS_ALLOWED = frozenset(
    {"smfocus", "h", "min", "s", "EUR", "USD", "GBP", "CHF", "CSV", "JSON", "ROI", "OK"}
)


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("i18n_tool", module)
    spec.loader.exec_module(module)
    return module


def write_catalog(folder: Path) -> Path:
    """``folder/qps.mo``: each marked string wrapped in brackets."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    template = _tool().extract()
    catalog = Catalog(fuzzy=False)
    # Two forms chosen as English chooses them (Babel's own French rule has three).
    catalog._num_plurals, catalog._plural_expr = 2, "(n != 1)"  # type: ignore[assignment]
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, str):
            catalog.add(message.id, f"{OPEN}{message.id}{CLOSE}")
        else:
            catalog.add(message.id, tuple(f"{OPEN}{form}{CLOSE}" for form in message.id))
    out = io.BytesIO()
    write_mo(out, catalog)
    path = folder / f"{CODE}.mo"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


_CACHE: dict[str, bytes] = {}


@pytest.fixture
def pseudo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "pseudo-locale"
    if "mo" not in _CACHE:
        _CACHE["mo"] = write_catalog(folder).read_bytes()
    else:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{CODE}.mo").write_bytes(_CACHE["mo"])
    monkeypatch.setenv("SMFOCUS_LOCALE_DIR", str(folder))
    monkeypatch.setenv("LANG", "qps_PLOC.UTF-8")
    assert i18n.use(CODE) == CODE
    yield folder
    i18n.use("en")


def _outside_brackets(text: str) -> str:
    # Innermost first: a translated sentence may hold another one (a label in a title).
    pattern = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while True:
        stripped = pattern.sub(" ", text)
        if stripped == text:
            return stripped
        text = stripped


def unmarked(texts: str | Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """English words (two letters or more) outside ``⟦…⟧`` in ``texts``, except the
    ``allowed`` ones (the test's own data: project and task names) and options
    (``--to``), which are typed, not read."""
    if isinstance(texts, str):
        texts = [texts]
    allowed_words = set(ALWAYS_ALLOWED)
    for each in allowed:
        allowed_words.update(re.findall(r"[A-Za-z]+", each))
    found = []
    for text in texts:
        rest = _outside_brackets(text)
        rest = re.sub(r"(?<![\w])--?[A-Za-z][\w-]*", " ", rest)  # options
        rest = re.sub(r"\b[a-z_]+\.[a-z_.]+\b", " ", rest)  # setting keys: pomodoro.work
        for word in re.findall(r"[A-Za-z]{2,}", rest):
            if word not in allowed_words:
                found.append(word)
    return found
