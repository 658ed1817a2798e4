"""``python -m smfocus`` behaves like the ``smfocus`` command."""

from smfocus.cli import main

raise SystemExit(main())
