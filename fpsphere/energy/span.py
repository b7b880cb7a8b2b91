"""The span of a potential over the sphere, and the largest span the model accepts.

``exp(-(U - chi))`` must be normalizable in double precision, so
:class:`fpsphere.FokkerPlanck` refuses ``U - chi`` spanning more than
:data:`MAX_SPAN` kT on its mesh; :func:`potential_span` estimates the span before
any mesh exists (configuration readers refuse such inputs up front).

Depends on :mod:`fpsphere.energy.terms` only.
"""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass

import numpy as np

from fpsphere.energy.terms import Potential, Sum

__all__ = ["MAX_SPAN", "potential_span"]

MAX_SPAN = 1400.0
"""The largest span (kT) of ``U - chi`` that :class:`fpsphere.FokkerPlanck` accepts
(``exp(-(U - chi))`` must be normalizable in double precision)."""


def _fibonacci(n: int) -> np.ndarray:
    k = np.arange(n) + 0.5
    z = 1 - 2 * k / n
    r = np.sqrt(1 - z * z)
    phi = np.pi * (1 + 5**0.5) * k
    return np.stack([r * np.cos(phi), r * np.sin(phi), z], axis=1)


def _special_directions(potential: Potential) -> list[np.ndarray]:
    """The directions a term names (axes, fields, polarizers), their opposites and, for
    3 axes, the 8 cube diagonals: where the extremes of the built-in terms lie."""
    out = []
    for term in (potential.terms if isinstance(potential, Sum) else (potential,)):
        if not is_dataclass(term):
            continue
        for f in fields(term):
            try:
                value = np.asarray(getattr(term, f.name), dtype=float)
            except (TypeError, ValueError):
                continue
            rows = value.reshape(-1, 3) if value.shape in ((3,), (3, 3)) else np.zeros((0, 3))
            out += [rows, -rows]
            if value.shape == (3, 3):
                signs = np.array([[a, b, c] for a in (1, -1) for b in (1, -1) for c in (1, -1)])
                out.append(signs @ value / math.sqrt(3.0))
    return out


def potential_span(*potentials: Potential | None, points: int = 2000) -> float:
    """The span (max - min, kT) of the sum of ``potentials`` (signs included by the
    caller: ``potential_span(U, -chi)``) over the sphere: sampled at ``points``
    Fibonacci directions and at the directions the terms name.  Potentials marked
    ``lazy`` (a stack torque: its 1D solves run on first use) and None are skipped."""
    used = [p for p in potentials if p is not None and not getattr(p, "lazy", False)]
    if not used:
        return 0.0
    u = np.vstack([_fibonacci(points), *[d for p in used for d in _special_directions(p)]])
    u = u[np.linalg.norm(u, axis=1) > 0]
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        total = sum(np.asarray(p(u), dtype=float) for p in used)
        return float(np.ptp(total)) if np.all(np.isfinite(total)) else math.inf
