"""Switching probability and write-error rate versus pulse duration and current.

Protocol: the magnet starts in thermal equilibrium inside the well of ``start``
(the zero-current Boltzmann density restricted to the hemisphere ``u.start > 0``
and renormalized), a current ``I`` is switched on at ``tau = 0``, and the write
error rate after a pulse of duration ``t`` is the probability of still being in
that hemisphere at ``t``, ``WER(I, t) = P(u.start > 0)`` (exact great-circle
clipping, :func:`fpsphere.observables.probability`).  It is computed directly, not
as ``1 - P(switched)``, so values down to 1e-9 and below keep their relative
accuracy.  One implicit evolution per current gives every duration.

Accuracy (docs/explanation/operator.md): the evolution uses the model's transient operator,
accurate at low damping on any mesh.  Benchmark case (sigma = 20, I = 1.5 I_c,
alpha = 0.01, WER 0.99 -> 2e-9): icosphere(6) within 0.54 %, latlon(202) within
0.48 % of the Legendre reference.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.observables import hemisphere_fractions, probability
from fpsphere.studies.device import Device, device_of
from fpsphere.studies.registry import STUDIES, Study, StudyParams, StudyResult

__all__ = ["SwitchingTable", "write_error_rate"]


@dataclass(frozen=True)
class SwitchingTable:
    """Write error rates on a (current, duration) grid.

    Attributes
    ----------
    currents : (n_I,) currents (the device's unit).
    durations : (n_t,) pulse durations (tau_N).
    error_rate : (n_I, n_t) probability of not having switched, ``P(u.start > 0)``.
    start : (3,) the initial well's direction.
    """

    currents: np.ndarray
    durations: np.ndarray
    error_rate: np.ndarray
    start: np.ndarray

    @property
    def switching_probability(self) -> np.ndarray:
        """``1 - error_rate`` (n_I, n_t)."""
        return 1.0 - self.error_rate

    def rows(self) -> list[dict[str, float]]:
        """One record per (current, duration): tidy table for CSV or sweeps."""
        return [{"current": float(i), "duration": float(t), "error_rate": float(w),
                 "switching_probability": float(1.0 - w)}
                for i, row in zip(self.currents, self.error_rate, strict=True)
                for t, w in zip(self.durations, row, strict=True)]

    def plot(self, ax=None, *, path: str | os.PathLike | None = None):
        """WER versus duration, one curve per current, log scale; returns the Axes
        (:func:`fpsphere.plot.plot_write_error_rate`)."""
        from fpsphere.plot import plot_write_error_rate

        return plot_write_error_rate(self.durations, np.clip(self.error_rate, 0.0, 1.0),
                                     currents=self.currents, current_label="I", ax=ax,
                                     path=path)

def checked_grid(values, name: str, *, positive: bool) -> np.ndarray:
    """``values`` as a non-empty 1D float array of finite numbers (increasing and > 0 if
    ``positive``), else a :class:`ParameterError` naming ``name`` and the value."""
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


def initial_well(device: Device, start) -> np.ndarray:
    """Zero-current Boltzmann density restricted to ``u.start > 0``, normalized."""
    mesh = device.mesh
    rho = device.model().boltzmann()
    inside = rho * hemisphere_fractions(mesh, start) / mesh.areas
    total = float(np.sum(inside * mesh.areas))
    if total <= 0:
        raise ParameterError(f"start={start!r}: the hemisphere carries no probability")
    return inside / total


def write_error_rate(device: Device, currents, durations, *, start=None, dt: float | None = None,
                     scheme: str = "tr_bdf2", rtol: float | None = None,
                     progress: bool = False) -> SwitchingTable:
    """Write error rate ``P(u.start > 0)`` after pulses of the given durations.

    Parameters
    ----------
    device : Device
    currents : currents (device unit), one evolution each.
    durations : increasing pulse durations > 0 (tau_N).
    start : direction of the initial well (default: the device's field direction).
    dt : largest time step (tau_N); default ``durations[-1] / 400``.
    scheme, rtol : time scheme and optional adaptive tolerance (see ``evolve``).
    progress : progress bar over currents.
    """
    currents = checked_grid(currents, "currents", positive=False)
    durations = checked_grid(durations, "durations", positive=True)
    start = device.axis if start is None else np.asarray(start, dtype=float)
    if start.shape != (3,) or not np.all(np.isfinite(start)) or not np.linalg.norm(start) > 0:
        raise ParameterError(f"start={start!r} is not allowed: expected a non-zero 3-vector")
    start = start / np.linalg.norm(start)
    rho0 = initial_well(device, start)
    step = durations[-1] / 400.0 if dt is None else dt
    wer = np.empty((currents.size, durations.size))
    from tqdm.auto import tqdm

    for k, current in enumerate(tqdm(currents, disable=not progress, desc="currents", leave=False)):
        run = device.model(current).evolve(rho0, durations, time_scheme=scheme, dt=step, rtol=rtol)
        wer[k] = probability(device.mesh, run.rho, start)
    return SwitchingTable(currents, durations, wer, start)


# ------------------------------------------------------------ [study] entry
@dataclass(frozen=True, kw_only=True)
class WriteErrorRateParams(StudyParams):
    """``[study] kind = "write_error_rate"``: currents (multipliers of the configured
    torque), increasing pulse ``durations`` > 0 (tau_N), largest step ``dt`` (tau_N,
    default ``durations[-1]/400``)."""

    kind = "write_error_rate"
    currents: tuple[float, ...]
    durations: tuple[float, ...]
    dt: float | None = None


def _read(table, cell=None) -> WriteErrorRateParams:
    durations = table.numbers("durations", increasing=True, low=0.0)
    if durations[0] <= 0:
        raise table.error("durations", list(durations), "increasing pulse durations > 0 "
                          "(tau_N)")
    return WriteErrorRateParams(currents=table.numbers("currents"), durations=durations,
                                dt=table.number("dt", None, low=0.0))


def _run(config, mesh, params: WriteErrorRateParams, out) -> StudyResult:
    device = device_of(config, mesh, params.field_direction)
    dt = params.dt if params.dt is not None else params.durations[-1] / 400
    table = write_error_rate(device, params.currents, params.durations, dt=dt,
                             start=config.analysis.unit_axis, progress=out.progress)
    return StudyResult(table.rows(), lambda path: table.plot(path=path))


STUDIES.add(Study("write_error_rate", "write error rate versus pulse duration and current "
                  "(the well of +analysis.axis is the start)",
                  ("currents", "durations", "dt"), _read, _run))
