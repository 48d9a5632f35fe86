"""``python -m symnn`` runs the command-line tool."""

from symnn.cli import main

raise SystemExit(main())
