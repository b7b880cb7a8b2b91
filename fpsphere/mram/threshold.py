"""Zero-temperature switching thresholds of a cell: closed forms and continuation.

Owns :func:`critical_current` (what :attr:`Cell.critical_current` returns) and the
macrospin formulas it is checked against.  Depends on
:func:`fpsphere.studies.critical.instability_current` (Newton continuation of the
stable fixed point of the zero-temperature generalized LLG, S-24 in reduced units)
and on the cell's potentials per ampere.

* Collinear STT (docs/conventions.md, fact 3): with ``U_d = -delta z^2 - xi_z z +
  kappa (1 + alpha beta) G(z)`` (``G' = g``, the angular efficiency; ``p = +z``) the
  up state loses stability when ``dU_d/dz = 0`` at ``z = 1``:
  ``kappa_c (1 + alpha beta) g(1) = 2 delta + xi_z``.  For ``xi = beta = 0`` and a
  uniform efficiency this is ``I_c0 = 4 e alpha Ku v / (hbar eta)`` (e.g.
  Khvalkovskiy et al., J. Phys. D 46, 074001 (2013), eq. for perpendicular cells).
* SOT with a field ``H_x`` along the current and a damping-like torque only, in the
  Gilbert form: the fixed points obey ``m x (H_eff + H_DL m x p) = 0``; with ``m``
  in the plane of ``z`` and the current, at angle ``theta`` from z, this reads
  ``H_DL = H_K cos(theta) (sin(theta) - h)``, ``h = H_x/H_K``, and the well
  disappears at the extremum (saddle-node): :func:`sot_critical_field`
  ``= max cos(theta) (sin(theta) - |h|)``, reached at ``sin(theta) = (|h| +
  sqrt(h^2 + 8))/4``.  Its linearization is Lee et al., APL 102, 112410 (2013):
  ``H_DL,c = H_K/2 - |H_x|/sqrt(2)`` (:func:`lee_critical_field`); the exact value is
  higher by ``H_x^2/(8 H_K)`` to second order.  It does not depend on ``alpha``.
  It is the quasi-static threshold: a current switched on suddenly can switch the
  cell below it, by the precessional overshoot.
* Any other cell: the continuation, in both current directions; the smaller
  ``|I|`` wins.  Tests check it against both formulas and against a direct
  integration of :func:`fpsphere.llg.trajectories` on both sides of the threshold.
"""

from __future__ import annotations

import math

import numpy as np

from fpsphere.mram.results import Quantity

__all__ = ["critical_current", "lee_critical_field", "sot_critical_field",
           "threshold_by_continuation", "threshold_in_direction"]


def sot_critical_field(h: float) -> float:
    """Exact macrospin ``H_DL,c / H_K`` of SOT switching with ``h = H_x / H_K`` along the
    current (damping-like torque in the Gilbert form, no field-like torque), ``|h| < 1``."""
    h = abs(float(h))
    if h >= 1:
        return 0.0
    s = (h + math.sqrt(h * h + 8.0)) / 4.0
    return math.sqrt(1.0 - s * s) * (s - h)


def lee_critical_field(h: float) -> float:
    """Lee et al. (APL 102, 112410, 2013): ``H_DL,c / H_K = 1/2 - |h| / sqrt(2)``."""
    return 0.5 - abs(float(h)) / math.sqrt(2.0)


def _collinear_stt(cell) -> tuple[float, str] | None:
    """``I_c`` in closed form for a collinear STT cell, else None."""
    from fpsphere.mram.torques import STT

    torque = cell.torque
    if not (isinstance(torque, STT) and torque.stack is None and cell.collinear):
        return None
    sign = math.copysign(1.0, cell.per_ampere.polarizer[2])
    xi_z = float(cell.xi[2]) * sign
    g1 = torque.angular_efficiency(1.0)
    kappa_c = (2.0 * cell.delta + xi_z) / ((1.0 + cell.alpha * torque.field_like_ratio) * g1)
    return sign * kappa_c / cell.per_ampere.kappa, (
        "closed form (collinear STT): kappa_c (1 + alpha beta) g(1) = 2 delta + xi_z")


def threshold_by_continuation(cell, direction: float, *, tol: float = 1e-7) -> float:
    """Smallest current (A, sign of ``direction``) at which the up well of the
    zero-temperature LLG disappears or loses stability; ``inf`` if it never does up
    to ``16 (2 delta + |xi|) / (alpha kappa)`` per ampere."""
    from fpsphere.mesh import icosphere
    from fpsphere.studies import Device
    from fpsphere.studies.critical import instability_current

    torque = cell.per_ampere
    device = Device(icosphere(1), cell.energy, cell.alpha, chi=torque.chi, phi=torque.phi)
    scale = (2.0 * cell.delta + float(np.linalg.norm(cell.xi))) / abs(torque.kappa)
    i_max = 4.0 * scale
    while i_max <= 16.0 * scale / min(cell.alpha, 1.0) * 1.0001:
        found = instability_current(device, math.copysign(i_max, direction),
                                    start=(0.0, 0.0, 1.0), n_scan=80, tol=tol)
        if np.isfinite(found):
            return float(found)
        i_max *= 4.0
    return math.copysign(math.inf, direction)


def critical_current(cell) -> Quantity:
    """The cell's zero-temperature critical current (A, signed; module docstring)."""
    from fpsphere.errors import ParameterError

    if cell.per_ampere is None:
        raise ParameterError("torque=None is not allowed for a critical current: expected a "
                             "torque source (STT or SOT)")
    closed = _collinear_stt(cell)
    if closed is not None:
        value, method = closed
        return Quantity(value, unit="A", method=method, errors={"closed form": 0.0},
                        details={"kappa_c": abs(value) * cell.per_ampere.kappa})
    up, down = (threshold_by_continuation(cell, s) for s in (1.0, -1.0))
    value = up if abs(up) <= abs(down) else down
    if not math.isfinite(value):
        return Quantity(value, unit="A", method="continuation: the up well stays stable for "
                        "either current direction", details={"positive": up, "negative": down})
    return Quantity(value, unit="A",
                    method="Newton continuation of the zero-temperature LLG fixed point "
                           "(loss of stability or existence), bisection",
                    errors={"bisection": 1e-6 * abs(value)},
                    details={"positive": up, "negative": down,
                             "kappa_c": abs(value) * cell.per_ampere.kappa})


def threshold_in_direction(cell, current: float) -> float:
    """The critical current (A) in the direction of ``current``; ``inf`` (with that
    sign) where the up well stays stable however large the current."""
    critical = cell.critical_current
    sign = math.copysign(1.0, current)
    if "positive" in critical.details:
        return critical.details["positive" if sign > 0 else "negative"]
    return float(critical) if math.copysign(1.0, critical) == sign else sign * math.inf
