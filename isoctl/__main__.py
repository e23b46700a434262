"""``python -m isoctl``: the program (:func:`isoctl.cli.entry.main`); a Ctrl-C while it is still
being imported is an interruption like any other (exit 130, "interrupted"), not a traceback."""

import os
import sys

try:
    from isoctl.cli.entry import main
except KeyboardInterrupt:
    vi = "vi" in sys.argv or "--lang=vi" in sys.argv or (
        os.environ.get("ISOCTL_LANG") or os.environ.get("LANG") or "").startswith("vi")
    sys.stderr.write("đã ngắt\n" if vi else "interrupted\n")
    sys.exit(130)

main()
