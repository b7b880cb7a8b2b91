"""Numbers that say how they were obtained and how wrong they may be.

:class:`Estimate` is a ``float`` and :class:`Rates` an ``ndarray``, so they print,
compare and serialize as before; each also carries ``method`` (the formulation an
analysis chose), ``discretization`` (the operator it ran on) and an estimate of its
error from that formulation (``relative_error``).  The error from the mesh is
estimated separately by :func:`fpsphere.estimate_error` (nested icosphere levels).
Depends on nothing in fpsphere.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Estimate", "Rates"]


class Estimate(float):
    """A float with ``method``, ``discretization`` and ``relative_error`` (or None)."""

    method: str
    discretization: str
    relative_error: float | None

    def __new__(cls, value: float, *, method: str, discretization: str,
                relative_error: float | None = None) -> Estimate:
        out = super().__new__(cls, value)
        out.method = method
        out.discretization = discretization
        out.relative_error = None if relative_error is None else float(relative_error)
        return out

    def __reduce__(self):
        return (_estimate, (float(self), self.method, self.discretization, self.relative_error))

    @property
    def error(self) -> float | None:
        """Estimated absolute error from the formulation (None when not estimated)."""
        return None if self.relative_error is None else abs(float(self)) * self.relative_error

    def describe(self) -> str:
        """``value (method on discretization, relative error ~x)``."""
        err = "" if self.relative_error is None else f", relative error ~{self.relative_error:.1g}"
        return f"{float(self):.6g} ({self.method} on {self.discretization}{err})"


def _estimate(value, method, discretization, relative_error):
    return Estimate(value, method=method, discretization=discretization,
                    relative_error=relative_error)


class Rates(np.ndarray):
    """Decay rates (complex ndarray) with ``method``, ``discretization`` and, per rate,
    ``relative_errors`` (estimates from the formulation)."""

    def __new__(cls, values, *, method: str, discretization: str,
                relative_errors=None) -> Rates:
        out = np.asarray(values).view(cls)
        out.method = method
        out.discretization = discretization
        out.relative_errors = (np.full(out.shape, np.nan) if relative_errors is None
                               else np.asarray(relative_errors, dtype=float))
        return out

    def __array_finalize__(self, obj) -> None:
        if obj is None:
            return
        self.method = getattr(obj, "method", "")
        self.discretization = getattr(obj, "discretization", "")
        errors = getattr(obj, "relative_errors", None)
        self.relative_errors = errors if errors is not None and np.shape(errors) == self.shape \
            else np.full(self.shape, np.nan)
