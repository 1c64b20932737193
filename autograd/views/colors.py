"""The diverging colour scale every picture shows a gradient on: blue for negative, white
(or another neutral colour) for zero, red for positive, at full strength from a chosen
magnitude on. ``draw_dot``, the stepper page and ``nn.draw_network`` all colour with it.
"""

from __future__ import annotations

import math
from typing import Any

NEGATIVE = (72, 133, 207)
"""The colour of the most negative gradient (blue)."""
POSITIVE = (222, 73, 56)
"""The colour of the most positive gradient (red)."""
WHITE = (255, 255, 255)


def hex_color(rgb: tuple) -> str:
    """``#rrggbb`` for a tuple of red, green and blue (0 to 255)."""
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def diverging_color(value: float, scale: float, neutral: tuple = WHITE, gamma: float = 1.0) -> str:
    """``#rrggbb`` for ``value`` on the blue (negative) / ``neutral`` (zero) / red (positive) scale.

    The colour is at full strength where ``|value| >= scale`` and fades to ``neutral`` at
    0, linearly (``gamma=1``) or as ``(|value| / scale) ** gamma`` (``gamma < 1`` makes
    small values easier to see). A zero ``scale`` or a NaN gives ``neutral``.
    """
    if not scale or math.isnan(value) or value == 0:
        return hex_color(neutral)
    t = min(1.0, abs(value) / scale) ** gamma
    end = POSITIVE if value > 0 else NEGATIVE
    return hex_color(tuple(n + (e - n) * t for n, e in zip(neutral, end)))


def largest_magnitude(values: Any) -> float:
    """The largest finite ``|x|`` among ``values``, 0.0 for none: the full-colour point of a scale."""
    return max((abs(x) for x in values if math.isfinite(x)), default=0.0)
