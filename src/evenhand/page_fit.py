"""Fill a one-pager's page: the largest type size at which it still takes one page.

`evenhand.build` first fits the claims at the smallest size (fewer key terms,
then fewer claims); this step then grows the type, in steps of STEP points,
while the page still holds it, so that little of the page stays empty at its
foot. The template sets every size in ems of the body size (`type_size`), so
quotes and citations grow with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

MIN_SIZE = 9.5  # pt, body text; quotes are .95em (9 pt), citations .85em (8 pt) at this size
MAX_SIZE = 13.0
STEP = 0.25
FULL_ENOUGH = 0.03  # stop searching when no more than this share of the page is empty at its foot
AREA = 0.89  # about the share of the page inside its margins
# The used height grows about as the type size to this power: more than linearly (longer lines
# wrap more), less than squared (headings, rules and gaps keep their size). 1.27-1.29 on the
# bundled one-pagers between 9.5 and 11 pt; a guess too far is halved back (`fill`).
GROWTH = 1.3

T = TypeVar("T")


def fill(
    render: Callable[[float], tuple[T, int, float]], first: tuple[T, int, float]
) -> tuple[float, T, float]:
    """A size in [MIN_SIZE, MAX_SIZE] (a multiple of STEP) whose rendering takes one page and
    leaves no more than FULL_ENOUGH of it empty at its foot, else the largest that takes one page.

    ``render(size)`` gives (result, pages, foot), foot being the share of the page's
    height left empty at its foot; ``first`` is the rendering at MIN_SIZE (one page).
    Returns (size, result, foot). Usually one or two renderings: each guess assumes the
    used height grows as the size to the power GROWTH and aims a little inside FULL_ENOUGH.
    """
    best = (MIN_SIZE, first[0], first[2])
    lo, hi = _steps(MIN_SIZE), _steps(MAX_SIZE) + 1  # in steps: lo fits, hi is taken not to
    foot, overshot = first[2], False
    while hi - lo > 1 and foot > FULL_ENOUGH:
        if overshot:  # the guess was too big once: halve what is left
            probe = (lo + hi + 1) // 2
        else:  # the used height grows as size ** GROWTH; aim at half of FULL_ENOUGH empty
            used = max(AREA - foot, 0.05)
            probe = _steps(lo * STEP * ((AREA - FULL_ENOUGH / 2) / used) ** (1 / GROWTH))
        probe = min(max(probe, lo + 1), hi - 1)
        result, pages, probe_foot = render(probe * STEP)
        if pages <= 1:
            lo, foot, best = probe, probe_foot, (probe * STEP, result, probe_foot)
        else:
            hi, overshot = probe, True
    return best


def _steps(size: float) -> int:
    return int(size / STEP + 1e-9)
