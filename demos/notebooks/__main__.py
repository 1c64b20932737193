"""``python -m demos.notebooks``: see :mod:`demos.notebooks`."""

import sys

from demos.notebooks import main

sys.exit(main())
