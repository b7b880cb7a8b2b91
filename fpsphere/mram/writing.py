"""Writing a cell: write-error rates and the inverse design of a write pulse.

Owns :func:`write_error_rate` (a table in A and s), :func:`current_for_wer` and
:func:`duration_for_wer`.  Depends on :func:`fpsphere.studies.write_error_rate`
(reused as it is for collinear cells), :class:`fpsphere.FokkerPlanck` evolutions,
:mod:`fpsphere.mram.numerics` and :mod:`fpsphere.mram.thermal`.

Protocol: the cell starts in its up well (zero-current Boltzmann density in
``u_z > 0``), the current is on for the pulse, and the write error rate is the
probability of still being up, ``WER = P(u_z > 0)``, computed directly (not as
``1 - P(switched)``) so that values down to 1e-12 keep their relative accuracy.
For a collinear (STT) cell it is taken at the end of the pulse, the usual
definition: the moment crosses the equator fast and the density in transit is
negligible.  For a non-collinear cell (SOT) the current holds the moment near
the plane, so ``P(u_z > 0)`` at the end of the pulse says nothing of the final
state: there the pulse is followed by a ``settle`` time at zero current (default
``10 / delta`` tau_N, many relaxation times of the wells) before ``P(u_z > 0)``.

Inverse design: ``brentq`` on ``log WER - log target`` (smooth and monotonic in the
current and the duration), each evaluation an evolution with one fixed time step
(so that the function is smooth).  The result carries two error estimates: the
root tolerance, and the discretization error of the WER at the root (the same
evolution on the coarser mesh with twice the step; second order, ``|log W_fine -
log W_coarse| / 3``) turned into a current or a duration by the slope of ``log WER``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from fpsphere.errors import ParameterError
from fpsphere.mram.numerics import checked_mesh, coarser, describe_mesh, time_step, up_region
from fpsphere.mram.results import Quantity
from fpsphere.mram.thermal import checked_real, model_at, up_well_density
from fpsphere.observables import probability

__all__ = ["WERTable", "current_for_wer", "default_settle", "duration_for_wer",
           "write_error_rate"]


@dataclass(frozen=True)
class WERTable:
    """Write error rates on a (current, duration) grid, in SI units.

    Attributes
    ----------
    currents : (n_I,) A.
    durations : (n_t,) s.
    error_rate : (n_I, n_t) ``P(u_z > 0)`` after each pulse (and ``settle``).
    settle : zero-current time after the pulse, s.
    mesh : the mesh it was computed on.
    method : how.
    tau_N : the cell's Neel time, s.
    errors : (n_I, n_t) estimated absolute errors, or None.
    """

    currents: np.ndarray
    durations: np.ndarray
    error_rate: np.ndarray
    settle: float
    mesh: str
    method: str
    tau_N: float
    errors: np.ndarray | None = field(default=None)

    def rows(self) -> list[dict[str, float]]:
        """One record per (current, duration), in A, uA, s and ns."""
        out = []
        for i, current in enumerate(self.currents):
            for k, duration in enumerate(self.durations):
                row = {"current_A": float(current), "current_uA": float(current) * 1e6,
                       "duration_s": float(duration), "duration_ns": float(duration) * 1e9,
                       "write_error_rate": float(self.error_rate[i, k])}
                if self.errors is not None:
                    row["error_estimate"] = float(self.errors[i, k])
                out.append(row)
        return out

    def plot(self, ax=None, *, path: str | os.PathLike | None = None):
        """WER versus duration (ns), one curve per current (uA), log scale."""
        from fpsphere.plot import plot_write_error_rate

        return plot_write_error_rate(self.durations * 1e9, np.clip(self.error_rate, 0.0, 1.0),
                                     currents=np.round(self.currents * 1e6, 3),
                                     current_label="I (uA)", ax=ax, path=path,
                                     xlabel="pulse duration (ns)",
                                     title=f"write error rate ({self.mesh})")


def default_settle(cell) -> float:
    """The zero-current settling time after a pulse (s): 0 for a collinear cell,
    ``10 / delta`` tau_N otherwise (module docstring)."""
    return 0.0 if cell.collinear else 10.0 / cell.delta * cell.tau_N


def _grid(values, name: str, *, positive: bool) -> np.ndarray:
    try:
        arr = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError) as err:
        raise ParameterError(f"{name}={values!r} is not allowed: expected a list of "
                             "numbers") from err
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)):
        raise ParameterError(f"{name}={values!r} is not allowed: expected a non-empty 1D list "
                             "of finite numbers")
    if positive and (arr.min() <= 0 or np.any(np.diff(arr) <= 0)):
        raise ParameterError(f"{name}={values!r} is not allowed: expected increasing values > 0")
    return arr


def _states(cell, mesh, current: float, times_tau, dt: float, rho0=None) -> np.ndarray:
    model = model_at(cell, mesh, current)
    rho0 = up_well_density(cell, mesh) if rho0 is None else rho0
    return model.evolve(rho0, times_tau, dt=dt).rho


def _settled(cell, mesh, states: np.ndarray, settle_tau: float, dt: float) -> np.ndarray:
    """``P(u_z > 0)`` of each state after ``settle_tau`` at zero current."""
    if settle_tau <= 0:
        return np.asarray(probability(mesh, states, up_region()), dtype=float)
    model = model_at(cell, mesh)
    step = min(dt * 4.0, settle_tau / 50.0)
    out = [model.evolve(rho, [settle_tau], dt=step).rho[-1] for rho in states]
    return np.asarray(probability(mesh, np.asarray(out), up_region()), dtype=float)


def _curve(cell, mesh, current: float, times_tau, dt: float, settle_tau: float) -> np.ndarray:
    """WER at each duration (tau_N) for one current."""
    if settle_tau <= 0 and cell.per_ampere is not None:
        from fpsphere.studies import Device
        from fpsphere.studies import write_error_rate as study

        torque = cell.per_ampere
        model_at(cell, mesh, current)  # names `current` if it is not representable
        device = Device(mesh, cell.energy, cell.alpha, chi=torque.chi, phi=torque.phi)
        return study(device, [current], times_tau, start=up_region(), dt=dt).error_rate[0]
    return _settled(cell, mesh, _states(cell, mesh, current, times_tau, dt), settle_tau, dt)


def write_error_rate(cell, currents, durations, *, mesh=None, dt: float | None = None,
                     settle: float | None = None, estimate_error: bool = False) -> WERTable:
    """Write error rate ``P(u_z > 0)`` for each current (A) and pulse duration (s).

    Parameters
    ----------
    cell : Cell with a torque source.
    currents : currents, A (one evolution each).
    durations : increasing pulse durations, s.
    mesh : SphereMesh, optional (:func:`~fpsphere.mram.numerics.default_mesh`).
    dt : time step in tau_N (default :func:`~fpsphere.mram.numerics.time_step` of each
        current and the longest pulse).
    settle : zero-current time after the pulse, s (default :func:`default_settle`).
    estimate_error : also compute the coarser mesh with twice the step; ``errors`` holds
        ``|fine - coarse| / 3``.

    Returns
    -------
    WERTable
    """
    currents = _grid(currents, "currents", positive=False)
    durations = _grid(durations, "durations", positive=True)
    settle = default_settle(cell) if settle is None else checked_real("settle", settle)
    if settle < 0:
        raise ParameterError(f"settle={settle!r} is not allowed: expected a time >= 0 (s)")
    if cell.per_ampere is None:
        raise ParameterError("torque=None is not allowed for a write: expected a torque source")
    mesh = checked_mesh(cell, mesh)
    coarse_mesh = coarser(mesh) if estimate_error else None
    taus, settle_tau = durations / cell.tau_N, settle / cell.tau_N
    wer = np.empty((currents.size, durations.size))
    errors = np.empty_like(wer) if coarse_mesh is not None else None
    for i, current in enumerate(currents):
        step = time_step(cell, current, taus[-1]) if dt is None else dt
        wer[i] = _curve(cell, mesh, current, taus, step, settle_tau)
        if errors is not None:
            coarse = _curve(cell, coarse_mesh, current, taus, 2 * step, settle_tau)
            errors[i] = np.abs(wer[i] - coarse) / 3.0
    how = ("P(u_z > 0) at the end of the pulse" if settle == 0 else
           f"P(u_z > 0) after the pulse and {settle:.3g} s at zero current")
    return WERTable(currents, durations, wer, settle, describe_mesh(mesh),
                    f"{how}; TR-BDF2 evolution from the up well", cell.tau_N, errors)


# ----------------------------------------------------------------- inverse design


def _target(target) -> float:
    target = checked_real("target", target)
    if not 1e-12 <= target < 0.5:
        raise ParameterError(f"target={target!r} is not allowed: expected a write error rate "
                             "1e-12 <= target < 0.5")
    return target


def _log(value: float) -> float:
    return math.log(max(value, 1e-300))


def current_for_wer(cell, target, duration, *, mesh=None, rtol: float = 1e-4,
                    settle: float | None = None, estimate_error: bool = True) -> Quantity:
    """The current (A) whose pulse of ``duration`` (s) has the write error rate ``target``.

    Brentq on ``log WER(I) - log target`` (module docstring), starting from the
    critical current in its switching direction.  Returns a
    :class:`~fpsphere.mram.results.Quantity` with ``errors["root bracket"]`` and
    ``errors["mesh and time step"]``; ``details`` holds the WER at the root and the
    number of evolutions.
    """
    target = _target(target)
    duration = checked_real("duration", duration, positive=True)
    if not 0 < rtol < 0.1:
        raise ParameterError(f"rtol={rtol!r} is not allowed: expected 0 < rtol < 0.1")
    mesh = checked_mesh(cell, mesh)
    settle = default_settle(cell) if settle is None else checked_real("settle", settle)
    critical = cell.critical_current
    if not math.isfinite(critical):
        raise ParameterError("torque: the up well of this cell is stable at any current; "
                             "no current writes it")
    tau, settle_tau = duration / cell.tau_N, settle / cell.tau_N
    calls = []
    step_of = {}

    def wer(current: float, on=mesh, factor: float = 1.0) -> float:
        step = step_of.setdefault("dt", time_step(cell, 3.0 * float(critical), tau))
        value = float(_curve(cell, on, current, [tau], factor * step, settle_tau)[0])
        if on is mesh and factor == 1.0:
            calls.append((current, value))
        return value

    lo = hi = float(critical)
    w_lo = w_hi = wer(lo)
    while w_lo < target:          # thermally assisted: below the threshold
        lo *= 0.75
        if abs(lo) < 0.05 * abs(critical):
            raise ParameterError(f"target={target!r} is not allowed: it is reached below "
                                 f"5 % of the critical current {float(critical):.4g} A for "
                                 f"duration={duration!r} s")
        w_lo = wer(lo)
    while w_hi > target:
        hi *= 1.4
        if abs(hi) > 40 * abs(critical):
            raise ParameterError(f"target={target!r} is not allowed for duration={duration!r} "
                                 "s: not reached below 40 critical currents "
                                 f"({40 * float(critical):.4g} A)")
        w_hi = wer(hi)
    if w_hi == target or w_lo == target:
        root = hi if w_hi == target else lo
    else:
        root = brentq(lambda i: _log(wer(i)) - _log(target), min(lo, hi), max(lo, hi),
                      xtol=rtol * abs(float(critical)) * 1e-3, rtol=rtol)
    w_root = wer(root)
    errors = {"root bracket": rtol * abs(root)}
    details = {"duration_s": duration, "wer_at_root": w_root, "evaluations": len(calls),
               "dt_tau_N": step_of["dt"], "critical_current_A": float(critical)}
    coarse_mesh = coarser(mesh) if estimate_error else None
    if coarse_mesh is not None:
        w_coarse = wer(root, coarse_mesh, 2.0)
        slope = _slope(calls, root)
        dlog = abs(_log(w_root) - _log(w_coarse)) / 3.0
        errors["mesh and time step"] = dlog / abs(slope) if slope else math.inf
        details.update(wer_coarse=w_coarse, dlogwer_dcurrent=slope)
    how = "P(u_z > 0) at the end of the pulse" if settle == 0 else "after settling"
    return Quantity(root, unit="A",
                    method=f"brentq on log WER(I) at {duration:.4g} s (TR-BDF2 evolutions, "
                           f"{how})",
                    mesh=describe_mesh(mesh), errors=errors, details=details)


def _slope(calls: list[tuple[float, float]], x: float) -> float:
    """``d log WER / dx`` at ``x`` from the two evaluations nearest it."""
    pts = sorted({(abs(a - x), a, _log(w)) for a, w in calls if w > 0})[:3]
    pts = [p for p in pts if p[0] > 0][:2] or pts[:2]
    if len(pts) < 2 or pts[0][1] == pts[1][1]:
        return 0.0
    (_, a, fa), (_, b, fb) = pts
    return (fb - fa) / (b - a)


def duration_for_wer(cell, target, current, *, mesh=None, rtol: float = 1e-4,
                     settle: float | None = None, estimate_error: bool = True,
                     max_duration: float | None = None) -> Quantity:
    """The pulse duration (s) at which a pulse of ``current`` (A) has the WER ``target``.

    One evolution on a grid of 40 durations brackets the root (doubled until the WER
    falls below the target, up to ``max_duration``, default ``1000 tau_N``); brentq then
    refines it, each evaluation an evolution from the stored state at the bracket's
    start.  Errors as for :func:`current_for_wer`.
    """
    target = _target(target)
    current = checked_real("current", current)
    if not 0 < rtol < 0.1:
        raise ParameterError(f"rtol={rtol!r} is not allowed: expected 0 < rtol < 0.1")
    mesh = checked_mesh(cell, mesh)
    settle = default_settle(cell) if settle is None else checked_real("settle", settle)
    settle_tau = settle / cell.tau_N
    t_cap = 1000.0 if max_duration is None else checked_real(
        "max_duration", max_duration, positive=True) / cell.tau_N
    t_max = min(1.0, t_cap)
    while True:
        times = np.linspace(0.0, t_max, 41)[1:]
        step = time_step(cell, current, t_max)
        states = _states(cell, mesh, current, times, step)
        wer = _settled(cell, mesh, states, settle_tau, step)
        if wer[-1] < target or t_max >= t_cap:
            break
        t_max = min(2.0 * t_max, t_cap)
    if wer[-1] >= target:
        raise ParameterError(f"current={current!r} A is not allowed for target={target!r}: "
                             f"the write error rate is still {wer[-1]:.3g} after "
                             f"{t_max * cell.tau_N:.4g} s")
    k = int(np.argmax(wer < target))
    if k == 0:
        t0, rho0, w0 = 0.0, up_well_density(cell, mesh), 1.0
    else:
        t0, rho0, w0 = times[k - 1], states[k - 1], wer[k - 1]

    def at(t: float, on=mesh, factor: float = 1.0, start=rho0, origin=t0) -> float:
        if t <= origin:
            return w0
        later = _states(cell, on, current, [t - origin], factor * step, start)
        return float(_settled(cell, on, later, settle_tau, factor * step)[0])

    root = brentq(lambda t: _log(at(t)) - _log(target), t0, times[k],
                  xtol=rtol * times[k] * 1e-3, rtol=rtol)
    w_root = at(root)
    errors = {"root bracket": rtol * root * cell.tau_N}
    details = {"current_A": current, "wer_at_root": w_root, "dt_tau_N": step,
               "duration_tau_N": root}
    coarse_mesh = coarser(mesh) if estimate_error else None
    if coarse_mesh is not None:
        w_coarse = at(root, coarse_mesh, 2.0, up_well_density(cell, coarse_mesh), 0.0)
        slope = (_log(wer[k]) - _log(w0)) / (times[k] - t0)
        dlog = abs(_log(w_root) - _log(w_coarse)) / 3.0
        errors["mesh and time step"] = (dlog / abs(slope) if slope else math.inf) * cell.tau_N
        details.update(wer_coarse=w_coarse, dlogwer_dtau=slope)
    return Quantity(root * cell.tau_N, unit="s",
                    method=f"brentq on log WER(t) at {current:.4g} A (TR-BDF2 evolutions)",
                    mesh=describe_mesh(mesh), errors=errors, details=details)
