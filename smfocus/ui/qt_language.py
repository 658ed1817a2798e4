"""Qt's own words (the buttons of standard dialogs: Cancel, Yes, Save…) in the
language smfocus speaks, from the translations PySide6 ships."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from smfocus.core import fmt, i18n


def install(app: QCoreApplication) -> None:
    """Once per application, after :func:`smfocus.language.apply`."""
    code = i18n.language()
    if fmt.french():
        # Qt formats numbers and dates in its widgets (spin boxes, date edits) by
        # the default locale: French too, whatever the process's LANG says.
        QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    if code == i18n.SOURCE or app.property("smfocus_translated"):
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{code}", folder):
        app.installTranslator(translator)
        app.setProperty("smfocus_translated", True)
