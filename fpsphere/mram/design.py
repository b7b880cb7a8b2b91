"""Inverse design of a write pulse: the current or the duration for a target WER.

Owns :func:`current_for_wer` and :func:`duration_for_wer`.  Depends on the
evolutions of :mod:`fpsphere.mram.writing` (same protocol and WER definition) and
on :mod:`fpsphere.mram.numerics`.

Method: ``brentq`` on ``log WER - log target`` (smooth and monotonic in the current
and the duration), each evaluation an evolution with one fixed time step (so that
the function is smooth).  The result carries two error estimates: the root
tolerance, and the discretization error of the WER at the root (the same evolution
on the coarser mesh with twice the step; second order, ``|log W_fine - log
W_coarse| / 3``) turned into a current or a duration by the slope of ``log WER``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq

from fpsphere.errors import ParameterError
from fpsphere.mram.numerics import checked_mesh, coarser, describe_mesh, time_step
from fpsphere.mram.results import Quantity
from fpsphere.mram.thermal import checked_real, up_well_density
from fpsphere.mram.writing import (
    default_settle,
    evolution_bar,
    evolved_states,
    settled_wer,
    wer_curve,
)

__all__ = ["current_for_wer", "duration_for_wer"]


def _target(target) -> float:
    target = checked_real("target", target)
    if not 1e-12 <= target < 0.5:
        raise ParameterError(f"target={target!r} is not allowed: expected a write error rate "
                             "1e-12 <= target < 0.5")
    return target


def _log(value: float) -> float:
    return math.log(max(value, 1e-300))


def current_for_wer(cell, target, duration, *, mesh=None, rtol: float = 1e-4,
                    settle: float | None = None, estimate_error: bool = True,
                    progress: bool = False) -> Quantity:
    """The current (A) whose pulse of ``duration`` (s) has the write error rate ``target``.

    Brentq on ``log WER(I) - log target`` (module docstring), starting from the
    critical current in its switching direction.  Returns a
    :class:`~fpsphere.mram.results.Quantity` with ``errors["root bracket"]`` and
    ``errors["mesh and time step"]``; ``details`` holds the WER at the root and the
    number of evolutions.  Each evaluation is an evolution (``progress``: a tqdm bar
    on stderr counts them).
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

    bar = evolution_bar(progress, None, "fpsphere mram current_for_wer")

    def wer(current: float, on=mesh, factor: float = 1.0) -> float:
        step = step_of.setdefault("dt", time_step(cell, 3.0 * float(critical), tau))
        value = float(wer_curve(cell, on, current, [tau], factor * step, settle_tau)[0])
        bar.update(1)
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
    bar.close()
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
                     max_duration: float | None = None, progress: bool = False) -> Quantity:
    """The pulse duration (s) at which a pulse of ``current`` (A) has the WER ``target``.

    One evolution on a grid of 40 durations brackets the root (doubled until the WER
    falls below the target, up to ``max_duration``, default ``1000 tau_N``); brentq then
    refines it, each evaluation an evolution from the stored state at the bracket's
    start.  Errors as for :func:`current_for_wer`; ``progress``: a tqdm bar on stderr
    counts the evolutions.
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
    bar = evolution_bar(progress, None, "fpsphere mram duration_for_wer")
    while True:
        times = np.linspace(0.0, t_max, 41)[1:]
        step = time_step(cell, current, t_max)
        states = evolved_states(cell, mesh, current, times, step)
        wer = settled_wer(cell, mesh, states, settle_tau, step)
        bar.update(1)
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
        later = evolved_states(cell, on, current, [t - origin], factor * step, start)
        bar.update(1)
        return float(settled_wer(cell, on, later, settle_tau, factor * step)[0])

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
    bar.close()
    return Quantity(root * cell.tau_N, unit="s",
                    method=f"brentq on log WER(t) at {current:.4g} A (TR-BDF2 evolutions)",
                    mesh=describe_mesh(mesh), errors=errors, details=details)
