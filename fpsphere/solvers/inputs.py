"""Checks of time-evolution inputs, raised before any assembly or factorization.

Owns the rules for an initial density (finite, normalized, a negative part below
:data:`NEGATIVE_TOLERANCE` of the probability) and for output times, step, time
scheme and tolerance (error-controlled steps when ``dt`` is None or ``rtol`` given).
Used by :meth:`fpsphere.model.FokkerPlanck.evolve` and the protocols.  Depends on
:mod:`.timestepping` (the scheme registry).
"""

from __future__ import annotations

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.solvers.timestepping import TIME_SCHEMES

__all__ = ["NEGATIVE_TOLERANCE", "checked_density", "checked_steps"]

#: Probability the negative part of an initial density may carry: the transient
#: operator is not an M-matrix, and states it produces must be accepted to continue
#: an evolution (strongly driven non-collinear switching at alpha = 0.01: 2e-2 at
#: level 4, 1.5e-4 at level 5, 4e-6 at level 6).
NEGATIVE_TOLERANCE = 0.05


def checked_density(areas: np.ndarray, rho0) -> np.ndarray:
    """``rho0`` as a float array, checked against the cell ``areas`` (sr)."""
    rho0 = np.asarray(rho0, dtype=float)
    if rho0.shape != areas.shape or not np.all(np.isfinite(rho0)):
        raise ParameterError(f"rho0 must hold {areas.size} finite values, got shape "
                             f"{rho0.shape}")
    negative = -float(np.sum(areas * np.minimum(rho0, 0.0)))
    if negative > NEGATIVE_TOLERANCE:
        raise ParameterError(f"rho0 has negative values (min {rho0.min():.3g}) carrying "
                             f"{negative:.3g} of the probability; a density must be >= 0 "
                             f"(allowed: a negative part below {NEGATIVE_TOLERANCE:g})")
    total = float(np.sum(rho0 * areas))
    if abs(total - 1.0) > 1e-6:
        raise ParameterError(f"rho0 is not normalized: sum(rho0 * areas) = {total:.9g}, "
                             "expected 1 (use fpsphere.initial.normalized)")
    return rho0


def checked_steps(times, dt: float | None, scheme: str,
                  rtol: float | None) -> tuple[np.ndarray, float | None]:
    """``(times, dt)``: increasing finite times >= 0, a registered ``scheme``, ``dt``
    None or a finite step > 0, and ``0 < rtol < 1`` if given.

    Steps are error-controlled when ``dt`` is None or ``rtol`` is given
    (:func:`fpsphere.solvers.evolution.propagate`); that needs a scheme with an error
    estimate (not the multistep ``bdf2``, which takes fixed steps only).
    """
    times = np.atleast_1d(np.asarray(times, dtype=float))
    if times.ndim != 1 or times.size == 0 or not np.all(np.isfinite(times)) or times.min() < 0:
        raise ParameterError(f"times={times!r} is not allowed: expected finite values >= 0")
    if np.any(np.diff(times) <= 0):
        raise ParameterError(f"times={times!r} is not allowed: expected strictly increasing "
                             "values")
    if scheme not in TIME_SCHEMES:
        raise ParameterError(f"time_scheme={scheme!r} is not allowed: expected one of "
                             f"{', '.join(TIME_SCHEMES)} (fpsphere.solvers.TIME_SCHEMES)")
    if dt is not None:
        if isinstance(dt, bool) or not isinstance(dt, (int, float, np.floating, np.integer)) \
                or not (np.isfinite(dt) and dt > 0):
            raise ParameterError(f"dt={dt!r} is not allowed: expected None (error-controlled "
                                 "steps) or a finite step > 0 (tau_N)")
        dt = float(dt)
    if rtol is not None:
        if isinstance(rtol, bool) or not isinstance(rtol, (int, float, np.floating)) or not (
                np.isfinite(rtol) and 0 < rtol < 1):
            raise ParameterError(f"rtol={rtol!r} is not allowed: expected 0 < rtol < 1")
    if (dt is None or rtol is not None) and TIME_SCHEMES[scheme].embedded is None:
        controlled = sorted(name for name, s in TIME_SCHEMES.items() if s.embedded)
        raise ParameterError(
            f"scheme={scheme!r} is multistep and has no error estimate: error-controlled "
            f"steps (dt=None or rtol given) need one of {controlled}; give dt for fixed "
            f"{scheme} steps")
    return times, dt
