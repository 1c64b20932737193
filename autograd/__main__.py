"""``python -m autograd "tanh(x*w + b)" x=0.5 w=-2 b=1``: see :mod:`autograd.tutor.cli`."""

import sys

from autograd.tutor.cli import main

if __name__ == "__main__":
    sys.exit(main())
