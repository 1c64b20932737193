"""``python -m autograd "tanh(x*w + b)" x=0.5 w=-2 b=1``: see :mod:`autograd.views.cli`."""

import sys

from autograd.views.cli import main

if __name__ == "__main__":
    sys.exit(main())
