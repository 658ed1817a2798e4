"""Qt's own words (the buttons of standard dialogs: Cancel, Yes, Save…) in the
language smfocus speaks, from the translations PySide6 ships."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from smfocus.core import fmt, i18n

TRANSLATOR_NAME = "smfocus-qt-words"
# The locale Qt chose from the environment, put back when English is spoken again
# (a process that switches language: the tests, a future language menu).
_system_locale: list[QLocale] = []


def install(app: QCoreApplication) -> None:
    """After :func:`smfocus.language.apply`; called again after a change of
    language, it swaps Qt's words for the new language's."""
    code = i18n.language()
    if fmt.french():
        # Qt formats numbers and dates in its widgets (spin boxes, date edits) by
        # the default locale: French too, whatever the process's LANG says.
        if not _system_locale:
            _system_locale.append(QLocale())
        QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    elif _system_locale:
        QLocale.setDefault(_system_locale.pop())
    current = app.findChild(QTranslator, TRANSLATOR_NAME)
    if current is not None:
        if current.property("language") == code:
            return
        app.removeTranslator(current)
        current.setParent(None)
        current.deleteLater()
    if code == i18n.SOURCE:
        return
    # Owned by the application (its parent), so it lives as long as Qt needs it.
    translator = QTranslator(app)
    translator.setObjectName(TRANSLATOR_NAME)
    translator.setProperty("language", code)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{code}", folder):
        app.installTranslator(translator)
    else:
        # No Qt catalog for this language (the pseudo-language): Qt speaks English.
        translator.setParent(None)
        translator.deleteLater()
