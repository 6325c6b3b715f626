"""``python -m installer``. Kept to syntax old Pythons parse, so that they can say which Python is needed."""

import sys

if sys.version_info < (3, 10):  # noqa: UP036 - run by any python3 a user has
    sys.exit("derush needs Python 3.10 or newer; this is Python {}.{}. Run the installer with a newer python3."
             .format(*sys.version_info[:2]))

from installer.cli import main  # noqa: E402 - after the version check

sys.exit(main())
