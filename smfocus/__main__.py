"""``python -m smfocus`` behaves like the ``smfocus`` command."""

from smfocus.entry import main

raise SystemExit(main())
