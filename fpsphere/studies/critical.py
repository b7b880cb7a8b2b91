"""Critical current versus field, and the effective barrier versus current.

* :func:`critical_currents`: the zero-temperature instability threshold of a
  well.  The stable fixed point of the generalized LLG drift (S-24 in reduced
  units, :func:`fpsphere.llg.drift`) is followed by Newton continuation as the
  current grows; the critical current is where it loses linear stability (an
  eigenvalue of the 2x2 tangent Jacobian crosses zero: axial instability or
  Hopf) or ceases to exist (saddle-node), refined by bisection.  Axial check
  (docs/conventions.md fact 3): ``U = -sigma z^2 - xi z``, ``chi~ = -I z`` gives
  ``I_c = 2 sigma + xi = 2 sigma (1 + h)``.
* :func:`effective_barrier`: the Arrhenius barrier ``Delta = -d ln r / d s`` of the
  escape rate ``r`` when every energy (U, chi, Phi, all in kT) is scaled by
  ``s = T0 / T`` around ``s = 1`` (central difference).  For an axial well the
  high-barrier rate is ``r ~ s^(3/2) exp(-s sigma (1 - I/I_c)^2)``, so
  ``Delta = sigma (1 - I/I_c)^2 - 3/2``: the measured barrier includes the
  prefactor's temperature dependence, as an Arrhenius fit of data does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from fpsphere.energy import as_potential
from fpsphere.errors import ParameterError
from fpsphere.llg import drift
from fpsphere.model import FokkerPlanck
from fpsphere.studies.device import Device, device_of
from fpsphere.studies.registry import STUDIES, Study, StudyParams, StudyResult

__all__ = ["CriticalTable", "critical_currents", "effective_barrier", "instability_current"]


def _basis(u: np.ndarray) -> np.ndarray:
    helper = np.eye(3)[np.argmin(np.abs(u))]
    e1 = np.cross(u, helper)
    e1 /= np.linalg.norm(e1)
    return np.stack([e1, np.cross(u, e1)])


def _chart(u, basis, a):
    x = u + a @ basis
    return x / np.linalg.norm(x)


def _reduced(velocity, u, basis, a):
    return basis @ velocity(_chart(u, basis, a)[None, :])[0]


def _jacobian(velocity, u, basis, a, h=1e-5):
    cols = [(_reduced(velocity, u, basis, a + h * e) - _reduced(velocity, u, basis, a - h * e))
            / (2 * h) for e in np.eye(2)]
    return np.stack(cols, axis=1)


def _fixed_point(velocity, u0, maxiter=60, bound=0.5):
    """Newton on ``v(u) = 0`` in a tangent chart at ``u0``; (u, eigenvalues) or None."""
    basis = _basis(u0)
    a = np.zeros(2)
    for _ in range(maxiter):
        f = _reduced(velocity, u0, basis, a)
        jac = _jacobian(velocity, u0, basis, a)
        try:
            step = np.linalg.solve(jac, -f)
        except np.linalg.LinAlgError:
            return None
        a = a + step
        if np.linalg.norm(a) > bound:
            return None
        if np.linalg.norm(step) < 1e-8:
            u = _chart(u0, basis, a)
            return u, np.linalg.eigvals(_jacobian(velocity, u, _basis(u), np.zeros(2)))
    return None


def instability_current(device: Device, i_max: float, *, xi: float = 0.0, start=None,
                        n_scan: int = 40, tol: float = 1e-6) -> float:
    """Smallest ``|I|`` (sign of ``i_max``) at which the well of ``start`` becomes unstable.

    Returns NaN if it is still stable at ``i_max``.  Zero temperature (no diffusion).
    """
    if not (np.isfinite(i_max) and i_max != 0):
        raise ParameterError(f"i_max={i_max!r} is not allowed: expected a finite non-zero "
                             "current (its sign sets the direction)")
    energy = device.model(0.0, xi).energy
    chi = as_potential(device.chi, "chi")
    phi = as_potential(device.phi, "phi")

    def stable(current, u_prev, jump=0.3):
        v = drift(energy, device.alpha, chi * current, phi * current)
        found = _fixed_point(v, u_prev, bound=max(0.5, 2 * jump))
        if found is None:
            return None
        u, eig = found
        if np.arccos(np.clip(u @ u_prev, -1, 1)) > jump or eig.real.max() >= 0:
            return None
        return u

    start = device.axis if start is None else np.asarray(start, float) / np.linalg.norm(start)
    u = stable(0.0, start, jump=1.2)
    if u is None:
        raise ParameterError(f"start={tuple(start)}: no stable state near it at zero current "
                             f"and xi={xi}")
    # relax onto the zero-current fixed point near start
    lo, u_lo = 0.0, u
    for current in np.linspace(0.0, i_max, n_scan + 1)[1:]:
        u_new = stable(current, u_lo)
        if u_new is None:
            hi = current
            break
        lo, u_lo = current, u_new
    else:
        return float("nan")
    while abs(hi - lo) > tol * abs(i_max):
        mid = 0.5 * (lo + hi)
        u_mid = stable(mid, u_lo)
        if u_mid is None:
            hi = mid
        else:
            lo, u_lo = mid, u_mid
    return float(0.5 * (lo + hi))


@dataclass(frozen=True)
class CriticalTable:
    """Critical currents (device unit) versus reduced field ``xi`` (kT)."""

    fields: np.ndarray
    currents: np.ndarray

    def rows(self) -> list[dict[str, float]]:
        return [{"xi": float(x), "critical_current": float(c)}
                for x, c in zip(self.fields, self.currents, strict=True)]

    def plot(self, ax=None, *, path: str | os.PathLike | None = None):
        from fpsphere.plot import new_axes, save_figure

        ax = new_axes(ax)
        ax.plot(self.fields, self.currents, "o-")
        ax.set_xlabel(r"field $\xi$ (kT)")
        ax.set_ylabel("critical current (units of the configured torque)")
        if path is not None:
            save_figure(ax.figure, path)
        return ax


def critical_currents(device: Device, fields, i_max: float, *, start=None) -> CriticalTable:
    """:func:`instability_current` for each reduced field in ``fields`` (kT)."""
    fields = np.atleast_1d(np.asarray(fields, dtype=float))
    if fields.size == 0 or not np.all(np.isfinite(fields)):
        raise ParameterError(f"fields={fields!r} is not allowed: expected finite values")
    return CriticalTable(fields, np.array([instability_current(device, i_max, xi=x, start=start)
                                           for x in fields]))


def effective_barrier(device: Device, currents, basin, target, *, xi: float = 0.0,
                      step: float = 0.02, operator: str | None = None) -> np.ndarray:
    """Arrhenius barrier (kT) of the escape ``basin -> target`` at each current.

    ``Delta(I) = -(ln r(1 + step) - ln r(1 - step)) / (2 step)``, ``r(s)`` the escape
    rate (:meth:`FokkerPlanck.escape_rate`, with ``operator``) with every energy
    scaled by ``s``.
    """
    currents = np.atleast_1d(np.asarray(currents, dtype=float))
    if currents.size == 0 or not np.all(np.isfinite(currents)):
        raise ParameterError(f"currents={currents!r} is not allowed: expected finite values")
    if not 0 < step < 0.5:
        raise ParameterError(f"step={step!r} is not allowed: expected 0 < step < 0.5")
    out = []
    for current in currents:
        base = device.model(current, xi)
        logs = []
        for s in (1 + step, 1 - step):
            chi, phi = (as_potential(p, name) * s for p, name in
                        ((base.chi, "chi"), (base.phi, "phi")))
            scaled = FokkerPlanck(device.mesh, base.energy * s, device.alpha, chi=chi, phi=phi,
                                  scheme=device.scheme)
            logs.append(np.log(scaled.escape_rate(basin, target, operator=operator)))
        out.append(-(logs[0] - logs[1]) / (2 * step))
    return np.asarray(out)


# ------------------------------------------------------------ [study] entry
@dataclass(frozen=True, kw_only=True)
class CriticalParams(StudyParams):
    """``[study] kind = "critical_current"``: reduced ``fields`` (kT, default ``[0]``)
    and ``i_max``, the largest current tried (non-zero; its sign is the direction)."""

    kind = "critical_current"
    fields: tuple[float, ...] = (0.0,)
    i_max: float


def _read(table, cell=None) -> CriticalParams:
    i_max = table.number("i_max")
    if i_max == 0:
        raise table.error("i_max", i_max, "a non-zero current (its sign is the direction)")
    return CriticalParams(fields=table.numbers("fields", [0.0]), i_max=i_max)


def _run(config, mesh, params: CriticalParams, out) -> StudyResult:
    device = device_of(config, mesh, params.field_direction)
    table = critical_currents(device, params.fields, params.i_max,
                              start=config.analysis.unit_axis)
    return StudyResult(table.rows(), lambda path: table.plot(path=path),
                       {"critical_current": table.currents.tolist()})


STUDIES.add(Study("critical_current", "zero-temperature instability current versus field",
                  ("fields", "i_max"), _read, _run))
