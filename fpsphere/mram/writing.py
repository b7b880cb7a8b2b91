"""Writing a cell: the write-error-rate table and the evolutions behind it.

Owns :func:`write_error_rate` (a table in A and s) and the evolutions it shares
with the inverse design of :mod:`fpsphere.mram.design`.  Depends on
:func:`fpsphere.studies.write_error_rate` (reused as it is for collinear cells),
:class:`fpsphere.FokkerPlanck` evolutions, :mod:`fpsphere.mram.numerics` and
:mod:`fpsphere.mram.thermal`.

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
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.mram.numerics import checked_mesh, coarser, describe_mesh, time_step, up_region
from fpsphere.mram.thermal import checked_real, model_at, up_well_density
from fpsphere.observables import probability
from fpsphere.studies.switching import checked_grid

__all__ = ["WERTable", "default_settle", "evolved_states", "settled_wer", "wer_curve",
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
        """WER versus pulse duration (ns), one curve per current (legend in \u00b5A or mA,
        whichever suits the currents), log scale; returns the Axes
        (:func:`fpsphere.plot.plot_write_error_rate`)."""
        from fpsphere.plot import plot_write_error_rate

        milli = np.max(np.abs(self.currents)) >= 1e-3
        factor, unit = (1e3, "mA") if milli else (1e6, "\u00b5A")
        shown = [float(f"{i * factor:.4g}") for i in self.currents]
        return plot_write_error_rate(self.durations * 1e9, np.clip(self.error_rate, 0.0, 1.0),
                                     currents=shown, current_label="I", current_unit=unit,
                                     ax=ax, path=path, xlabel="pulse duration (ns)",
                                     ylabel="write error rate P(u_z > 0)",
                                     title=f"write error rate ({self.mesh})")


def evolution_bar(enabled: bool, total: int | None, desc: str):
    """A tqdm bar (stderr) counting evolutions (``total`` None: unknown), disabled
    unless ``enabled``; a context manager."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="evolution", disable=not enabled)


def default_settle(cell) -> float:
    """The zero-current settling time after a pulse (s): 0 for a collinear cell,
    ``10 / delta`` tau_N otherwise (module docstring)."""
    return 0.0 if cell.collinear else 10.0 / cell.delta * cell.tau_N


def evolved_states(cell, mesh, current: float, times_tau, dt: float, rho0=None) -> np.ndarray:
    model = model_at(cell, mesh, current)
    rho0 = up_well_density(cell, mesh) if rho0 is None else rho0
    return model.evolve(rho0, times_tau, dt=dt).rho


def settled_wer(cell, mesh, states: np.ndarray, settle_tau: float, dt: float) -> np.ndarray:
    """``P(u_z > 0)`` of each state after ``settle_tau`` at zero current."""
    if settle_tau <= 0:
        return np.asarray(probability(mesh, states, up_region()), dtype=float)
    model = model_at(cell, mesh)
    step = min(dt * 4.0, settle_tau / 50.0)
    out = [model.evolve(rho, [settle_tau], dt=step).rho[-1] for rho in states]
    return np.asarray(probability(mesh, np.asarray(out), up_region()), dtype=float)


def wer_curve(cell, mesh, current: float, times_tau, dt: float, settle_tau: float) -> np.ndarray:
    """WER at each duration (tau_N) for one current."""
    if settle_tau <= 0 and cell.per_ampere is not None:
        from fpsphere.studies import Device
        from fpsphere.studies import write_error_rate as study

        torque = cell.per_ampere
        model_at(cell, mesh, current)  # names `current` if it is not representable
        device = Device(mesh, cell.energy, cell.alpha, chi=torque.chi, phi=torque.phi)
        return study(device, [current], times_tau, start=up_region(), dt=dt).error_rate[0]
    states = evolved_states(cell, mesh, current, times_tau, dt)
    return settled_wer(cell, mesh, states, settle_tau, dt)


def write_error_rate(cell, currents, durations, *, mesh=None, dt: float | None = None,
                     settle: float | None = None, estimate_error: bool = False,
                     progress: bool = False) -> WERTable:
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
    progress : a tqdm bar (stderr) over the evolutions, one per current (two with
        ``estimate_error``); a current takes seconds on the default meshes.

    Returns
    -------
    WERTable
    """
    currents = checked_grid(currents, "currents", positive=False)
    durations = checked_grid(durations, "durations", positive=True)
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
    bar = evolution_bar(progress, currents.size * (1 if errors is None else 2),
                        "fpsphere mram write_error_rate")
    with bar:
        for i, current in enumerate(currents):
            step = time_step(cell, current, taus[-1]) if dt is None else dt
            wer[i] = wer_curve(cell, mesh, current, taus, step, settle_tau)
            bar.update(1)
            if errors is not None:
                coarse = wer_curve(cell, coarse_mesh, current, taus, 2 * step, settle_tau)
                errors[i] = np.abs(wer[i] - coarse) / 3.0
                bar.update(1)
    how = ("P(u_z > 0) at the end of the pulse" if settle == 0 else
           f"P(u_z > 0) after the pulse and {settle:.3g} s at zero current")
    return WERTable(currents, durations, wer, settle, describe_mesh(mesh),
                    f"{how}; TR-BDF2 evolution from the up well", cell.tau_N, errors)
