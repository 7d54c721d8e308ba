"""``python -m terve_kunta``: the same as the ``terve-kunta`` command."""

from terve_kunta.cli import main

raise SystemExit(main())
