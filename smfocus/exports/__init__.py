"""Writers that give tracked time back out: CSV, Toggl's import CSV, iCalendar and
a printable timesheet; and the rows behind the charts' *Save CSV* (``chart_csv``).

Each writer takes plain :class:`~smfocus.exports.rows.ExportEntry` values, a
time zone and a text stream, and streams: an entry is formatted, written and
forgotten, so a million entries cost the memory of one (the timesheet keeps one
sum per week, project and task). Nothing here opens a database or a file; the
caller opens the stream, with ``newline=""`` so the CRLF line ends that CSV and
iCalendar require are written as they are.

The package is imported for the names of its modules only: each format loads
what it needs (``icalendar`` only for calendars) when it is used.
"""
