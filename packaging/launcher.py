"""The bundle's executable: the ``smfocus`` command, frozen."""

from smfocus.entry import main

raise SystemExit(main())
