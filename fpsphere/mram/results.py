"""Results of the MRAM analyses: numbers that carry their unit, error and provenance.

:class:`Quantity` is a ``float`` (in SI units) that also says its ``unit``, an
estimate of its absolute ``error`` and its parts (``errors``: mesh and time
step, root bracket ...), the ``method`` that produced it and the ``mesh`` it ran on.
Depends on nothing in fpsphere.
"""

from __future__ import annotations

import math

__all__ = ["Quantity"]


class Quantity(float):
    """A float in SI units with ``unit``, ``error``, ``errors``, ``method``, ``mesh``.

    Attributes
    ----------
    unit : str
        ``"s"``, ``"A"``, ``"1"`` (a probability) ...
    error : float
        Estimated absolute error (same unit; ``nan`` when not estimated): the
        sum of the parts in ``errors``.
    errors : dict
        The parts of the error estimate by source (e.g. ``"mesh and time step"``,
        ``"root bracket"``), each an absolute error in ``unit``.
    method : str
        How the number was obtained.
    mesh : str
        The mesh it was computed on (empty when none).
    details : dict
        Further numbers (reduced values, iteration counts).
    """

    unit: str
    error: float
    errors: dict
    method: str
    mesh: str
    details: dict

    def __new__(cls, value: float, *, unit: str, method: str, mesh: str = "",
                errors: dict | None = None, details: dict | None = None) -> Quantity:
        out = super().__new__(cls, value)
        out.unit = unit
        out.errors = {k: float(abs(v)) for k, v in (errors or {}).items()}
        out.error = float(sum(out.errors.values())) if out.errors else math.nan
        out.method = method
        out.mesh = mesh
        out.details = dict(details or {})
        return out

    def __reduce__(self):
        return (_quantity, (float(self), self.unit, self.method, self.mesh, self.errors,
                            self.details))

    @property
    def relative_error(self) -> float:
        """``error / |value|`` (nan when not estimated or the value is 0)."""
        return self.error / abs(float(self)) if float(self) != 0 else math.nan

    def describe(self) -> str:
        """``value unit ± error (method, on mesh)``."""
        err = "" if math.isnan(self.error) else f" ± {self.error:.2g}"
        where = f", on {self.mesh}" if self.mesh else ""
        return f"{float(self):.6g} {self.unit}{err} ({self.method}{where})"

    def as_dict(self) -> dict:
        """JSON-able record: value, unit, error, errors, method, mesh, details."""
        return {"value": float(self), "unit": self.unit, "error": self.error,
                "errors": dict(self.errors), "method": self.method, "mesh": self.mesh,
                "details": dict(self.details)}


def _quantity(value, unit, method, mesh, errors, details):
    return Quantity(value, unit=unit, method=method, mesh=mesh, errors=errors, details=details)
