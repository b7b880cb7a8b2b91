"""Thermally activated failures of a cell: retention time and read disturb.

Owns :func:`retention_time` and :func:`read_disturb`; both start in the up well
and count a failure when the moment first reaches the down well (the cone of
:func:`fpsphere.mram.numerics.down_target`).  Depends on
:class:`fpsphere.FokkerPlanck` (its first-passage analysis and transient operator),
:mod:`fpsphere.mram.numerics` and :mod:`fpsphere.mram.threshold`.

* Retention: the mean first-passage time, at zero current, from the up hemisphere
  weighted by the Boltzmann density (the up well) to the down cone,
  :meth:`FokkerPlanck.mean_first_passage_time` (the backward equation, or the
  quasi-stationary escape rate where the time is beyond round-off: relative
  accuracy at any barrier).  Axial reference (tests): ``T(z) = 2 tau_N
  int_{z_b}^{z} e^{U(x)} / (1 - x^2) int_x^1 e^{-U(y)} dy dx`` averaged over
  ``e^{-U}`` on ``z > 0``.
* Read disturb: the probability of having reached the down cone by the end of a
  read pulse.  The target is made absorbing and the mass it absorbs is one more
  unknown of the evolution, ``dP/dtau = sum_{i in target} A_i (L rho)_i``, so ``P``
  is computed directly, not as ``1 - P(still up)``: values of 1e-15 and far below
  keep their relative accuracy (a dense evolution that steps about the stationary
  state of the read current would lose them to cancellation).  Checked against
  ``lambda_1`` of the 1D reference: ``dP/dt`` tends to the escape rate.

Each result is a :class:`~fpsphere.mram.results.Quantity` with the error estimated
by the same computation on the coarser mesh with twice the time step (second order:
``|fine - coarse| / 3``).
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.model import FokkerPlanck
from fpsphere.mram.numerics import (
    checked_mesh,
    coarser,
    describe_mesh,
    down_target,
    time_step,
    up_region,
)
from fpsphere.mram.results import Quantity
from fpsphere.observables import hemisphere_fractions, region_mask

__all__ = ["SECONDS_PER_YEAR", "model_at", "read_disturb", "retention_time", "up_well_density"]

#: Julian year, s.
SECONDS_PER_YEAR = 365.25 * 86400.0


def checked_real(name: str, value, *, positive: bool = False) -> float:
    """A finite real number (``> 0`` if ``positive``), else our errors naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterTypeError(f"{name}={value!r} is not allowed: expected a real number, "
                                 f"got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value) or (positive and value <= 0):
        raise ParameterError(f"{name}={value!r} is not allowed: expected a finite number"
                             f"{' > 0' if positive else ''}")
    return value


def model_at(cell, mesh, current: float = 0.0) -> FokkerPlanck:
    """The Fokker-Planck model of ``cell`` at ``current`` (A) on ``mesh``.

    Raises :class:`ParameterError` naming ``current`` when its potentials are beyond
    what the model can represent (``U - chi`` spanning more than 1400 kT)."""
    chi, phi = cell.potentials(current)
    try:
        return FokkerPlanck(mesh, cell.energy, cell.alpha, chi=chi, phi=phi)
    except ParameterError as err:
        if current == 0:
            raise
        raise ParameterError(f"current={current!r} A is not allowed for this cell: {err} "
                             f"(kappa = {float(cell.kappa(current)):.4g}; expected a smaller "
                             "current, or a cell with a larger damping)") from err


def up_well_density(cell, mesh) -> np.ndarray:
    """(N,) the zero-current Boltzmann density restricted to ``u_z > 0``, normalized
    (exact hemisphere clipping of the cells on the equator)."""
    rho = model_at(cell, mesh).boltzmann()
    inside = rho * hemisphere_fractions(mesh, up_region()) / mesh.areas
    return inside / float(np.sum(inside * mesh.areas))


def _richardson(fine: float, coarse: float | None) -> float | None:
    return None if coarse is None else abs(fine - coarse) / 3.0


def _mfpt(cell, mesh):
    model = model_at(cell, mesh)
    return model.mean_first_passage_time(up_region(), down_target(cell))


def retention_time(cell, mesh=None, *, estimate_error: bool = True) -> Quantity:
    """Mean time (s) before a cell at zero current leaves its up well (module docstring).

    Parameters
    ----------
    cell : Cell
    mesh : SphereMesh, optional
        Default :func:`fpsphere.mram.numerics.default_mesh` (``latlon`` for a
        collinear cell, ``icosphere(5)`` otherwise).
    estimate_error : bool
        Also run the coarser mesh for the error estimate (``errors["mesh"]``).

    Returns
    -------
    Quantity
        Seconds; ``details`` holds the time in ``tau_N`` and in years.
    """
    mesh = checked_mesh(cell, mesh)
    fine = _mfpt(cell, mesh)
    errors = {}
    if fine.relative_error is not None:
        errors["formulation"] = fine.relative_error * float(fine) * cell.tau_N
    coarse_mesh = coarser(mesh) if estimate_error else None
    if coarse_mesh is not None:
        errors["mesh"] = _richardson(float(fine), float(_mfpt(cell, coarse_mesh))) * cell.tau_N
    seconds = float(fine) * cell.tau_N
    return Quantity(seconds, unit="s",
                    method=f"mean first-passage time, zero current, from the Boltzmann-weighted "
                           f"up well to the down cone ({fine.method})",
                    mesh=describe_mesh(mesh), errors=errors,
                    details={"tau_N_units": float(fine), "tau_N_s": cell.tau_N,
                             "years": seconds / SECONDS_PER_YEAR, "delta": cell.delta,
                             "coarse_mesh": None if coarse_mesh is None
                             else describe_mesh(coarse_mesh)})


def absorbed_probability(model: FokkerPlanck, rho0: np.ndarray, target, times,
                         dt: float) -> np.ndarray:
    """(len(times),) probability of having reached ``target`` (a region) by each time.

    The target is absorbing; ``P`` is the last unknown of the augmented system
    ``d/dtau [rho_out, P] = [[L_oo, 0], [w, 0]] [rho_out, P]``, ``w_j = sum_{i in target}
    A_i L_ij / A_j`` scaled by ``A_j`` (module docstring), stepped by TR-BDF2 on the
    model's transient operator.
    """
    from fpsphere.solvers.timestepping import integrate

    mesh = model.mesh
    areas = mesh.areas
    inside = region_mask(mesh, target)
    keep = ~inside
    L = sp.csr_matrix(model.transient_matrix)
    flux = np.asarray((sp.diags(areas[inside]) @ L[inside][:, keep]).sum(axis=0)).ravel()
    system = sp.bmat([[L[keep][:, keep], None],
                      [sp.csr_matrix(flux[None, :]), sp.csr_matrix((1, 1))]], format="csr")
    start = np.concatenate([rho0[keep], [float(np.sum(areas[inside] * rho0[inside]))]])
    return integrate(system, start, np.asarray(times, float), dt, "tr_bdf2")[:, -1]


def _flip(cell, mesh, current: float, tau: float, dt: float | None) -> tuple[float, float]:
    step = time_step(cell, current, tau) if dt is None else dt
    model = model_at(cell, mesh, current)
    p = absorbed_probability(model, up_well_density(cell, mesh), down_target(cell), [tau], step)
    return float(p[0]), step


def read_disturb(cell, current, duration, *, mesh=None, dt: float | None = None,
                 estimate_error: bool = True) -> Quantity:
    """Probability that a read pulse of ``current`` (A) for ``duration`` (s) flips the bit.

    The cell starts in its up well (zero-current Boltzmann density in ``u_z > 0``);
    the flip probability is the probability of reaching the down cone within the
    pulse (module docstring), accurate down to 1e-15 and below.

    Parameters
    ----------
    cell : Cell (with a torque source).
    current : float
        Read current, A; it must leave a barrier: ``|current|`` below the
        zero-temperature critical current in its direction.
    duration : float
        Pulse duration, s, > 0.
    mesh : SphereMesh, optional (default :func:`~fpsphere.mram.numerics.default_mesh`).
    dt : float, optional
        Time step in tau_N (default :func:`~fpsphere.mram.numerics.time_step`).
    estimate_error : bool
        Also run the coarser mesh with twice the step (``errors["mesh and time step"]``).

    Raises
    ------
    ParameterError
        Naming ``current`` when the barrier vanishes at that current.
    """
    from fpsphere.mram.threshold import threshold_in_direction

    current = checked_real("current", current)
    duration = checked_real("duration", duration, positive=True)
    if dt is not None:
        dt = checked_real("dt", dt, positive=True)
    if current != 0:
        limit = threshold_in_direction(cell, current)
        if abs(current) >= abs(limit):
            raise ParameterError(
                f"current={current!r} A is not allowed: at and beyond the zero-temperature "
                f"critical current {limit:.4g} A of this cell the barrier vanishes and a read "
                "switches the bit deterministically; expected |current| < "
                f"{abs(limit):.4g} A (use write_error_rate for switching)")
    mesh = checked_mesh(cell, mesh)
    tau = duration / cell.tau_N
    fine, step = _flip(cell, mesh, current, tau, dt)
    errors = {}
    coarse_mesh = coarser(mesh) if estimate_error else None
    if coarse_mesh is not None:
        coarse, _ = _flip(cell, coarse_mesh, current, tau, 2.0 * step)
        errors["mesh and time step"] = _richardson(fine, coarse)
    return Quantity(fine, unit="1",
                    method="first passage into the down cone during the pulse (absorbing "
                           f"target, TR-BDF2 on the transient operator, dt = {step:.3g} tau_N)",
                    mesh=describe_mesh(mesh), errors=errors,
                    details={"current_A": current, "duration_s": duration, "duration_tau_N": tau,
                             "kappa": float(cell.kappa(current)) if cell.torque else 0.0,
                             "dt_tau_N": step})
