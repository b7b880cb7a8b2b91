"""Thermal hysteresis loop under current: ``<u.e_H>`` versus a swept field.

The article's quasi-static experiment (end of S-6, docs/conventions.md section 1): the
damping-like torque enters only through ``H_eff + grad chi / alpha``, so a current
shifts the loop along the field axis.  The field ``xi`` (kT) is swept from
``+xi_max`` to ``-xi_max`` and back at ``rate`` (kT per tau_N) as a staircase of
``steps`` constant values per branch; each stair is one constant model evolved
implicitly (factorization reused within the stair), or, with ``continuous=True``, a
continuous ramp (:func:`fpsphere.protocols.run_continuous`).  The sweep starts from the
stationary state at ``+xi_max``.  Coercive fields are the zero crossings of
``m = <u.e_H>`` on each branch (linear interpolation); the loop shift is their
mean and the coercivity their half difference.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.observables import mean_moment
from fpsphere.studies.device import Device, device_of
from fpsphere.studies.registry import STUDIES, Study, StudyParams, StudyResult

__all__ = ["HysteresisLoop", "hysteresis_loop"]


def _crossing(fields: np.ndarray, m: np.ndarray) -> float:
    sign = np.sign(m)
    where = np.flatnonzero(sign[:-1] * sign[1:] < 0)
    if where.size == 0:
        return float("nan")
    k = where[0]
    return float(fields[k] - m[k] * (fields[k + 1] - fields[k]) / (m[k + 1] - m[k]))


@dataclass(frozen=True)
class HysteresisLoop:
    """One loop.  Fields in kT (``xi``), magnetization ``m = <u.e_H>``.

    Attributes
    ----------
    fields_down, m_down : descending branch (+xi_max -> -xi_max).
    fields_up, m_up : ascending branch (-xi_max -> +xi_max).
    current : the current (device unit); rate : sweep rate (kT per tau_N).
    """

    fields_down: np.ndarray
    m_down: np.ndarray
    fields_up: np.ndarray
    m_up: np.ndarray
    current: float
    rate: float

    @property
    def coercive_down(self) -> float:
        """Field where the descending branch crosses ``m = 0`` (NaN if it does not)."""
        return _crossing(self.fields_down, self.m_down)

    @property
    def coercive_up(self) -> float:
        return _crossing(self.fields_up, self.m_up)

    @property
    def shift(self) -> float:
        """``(xi_c_up + xi_c_down) / 2`` (kT): the loop shift."""
        return 0.5 * (self.coercive_up + self.coercive_down)

    @property
    def coercivity(self) -> float:
        """``(xi_c_up - xi_c_down) / 2`` (kT)."""
        return 0.5 * (self.coercive_up - self.coercive_down)

    def rows(self) -> list[dict[str, float]]:
        return ([{"branch": "down", "xi": float(x), "m": float(m), "current": self.current}
                 for x, m in zip(self.fields_down, self.m_down, strict=True)]
                + [{"branch": "up", "xi": float(x), "m": float(m), "current": self.current}
                   for x, m in zip(self.fields_up, self.m_up, strict=True)])

    def plot(self, ax=None, *, path: str | os.PathLike | None = None):
        """Both branches, ``m`` versus ``xi``; returns the Axes
        (:func:`fpsphere.plot.plot_hysteresis`; pass ``ax`` to overlay loops)."""
        from fpsphere.plot import plot_hysteresis

        return plot_hysteresis(np.concatenate([self.fields_down, self.fields_up]),
                               np.concatenate([self.m_down, self.m_up]),
                               currents=[self.current], current_label="I", ax=ax, path=path,
                               xlabel="field xi (kT)", ylabel="<u.e_H>")

def hysteresis_loop(device: Device, xi_max: float, rate: float, *, current: float = 0.0,
                    steps: int = 60, substeps: int = 4, scheme: str = "backward_euler",
                    continuous: bool = False, progress: bool = False) -> HysteresisLoop:
    """Sweep the field down and up at ``rate`` under a constant ``current``.

    Parameters
    ----------
    device : Device (the field is applied along ``device.field_direction``).
    xi_max : largest field (kT, > 0).
    rate : sweep rate ``|d xi / d tau|`` (kT per tau_N, > 0).
    current : the current during the whole loop (device unit).
    steps : stairs per branch (>= 4); substeps : implicit steps per stair (>= 1).
    scheme : time scheme of the staircase (``backward_euler`` is unconditionally positive).
    continuous : sweep the field continuously (:func:`fpsphere.protocols.run_continuous`,
        implicit midpoint, ``substeps`` steps per stair width) instead of a staircase;
        ``steps`` then only sets the sampling.
    """
    if not (np.isfinite(xi_max) and xi_max > 0):
        raise ParameterError(f"xi_max={xi_max!r} is not allowed: expected a finite field > 0")
    if not (np.isfinite(rate) and rate > 0):
        raise ParameterError(f"rate={rate!r} is not allowed: expected a finite rate > 0")
    for name, value, low in (("steps", steps, 4), ("substeps", substeps, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ParameterError(f"{name}={value!r} is not allowed: expected an int >= {low}")
    down = np.linspace(xi_max, -xi_max, steps + 1)
    dwell = (2 * xi_max / steps) / rate
    mesh, axis = device.mesh, device.axis
    rho = device.model(current, down[0]).stationary()
    from tqdm.auto import tqdm

    path = np.concatenate([down[1:], down[::-1][1:]])
    fields = np.concatenate([[down[0]], path])
    n = steps + 1
    if continuous:
        from fpsphere.protocols import run_continuous

        half = 2 * xi_max / rate

        def model_at(t):
            xi = xi_max - rate * t if t <= half else -xi_max + rate * (t - half)
            return device.model(current, xi)

        times = dwell * np.arange(fields.size)
        run = run_continuous(model_at, rho, times, dt=dwell / substeps, progress=progress)
        m = run.mean_moment @ axis
        return HysteresisLoop(fields[:n], m[:n], fields[n - 1:], m[n - 1:], float(current),
                              float(rate))
    m = [float(mean_moment(mesh, rho) @ axis)]
    times = np.array([dwell])
    for xi in tqdm(path, disable=not progress, desc="field steps", leave=False):
        model = device.model(current, xi)
        rho = model.propagate(rho, times, dwell / substeps, scheme)[-1]
        m.append(float(mean_moment(mesh, rho) @ axis))
    m = np.asarray(m)
    return HysteresisLoop(fields[:n], m[:n], fields[n - 1:], m[n - 1:], float(current),
                          float(rate))


# ------------------------------------------------------------ [study] entry
@dataclass(frozen=True, kw_only=True)
class HysteresisParams(StudyParams):
    """``[study] kind = "hysteresis"``: one loop per current (multipliers, default
    ``[0]``), fields to ``+-xi_max`` (kT) at ``rate`` (kT per tau_N), ``steps`` stairs
    per branch (default 60)."""

    kind = "hysteresis"
    currents: tuple[float, ...] = (0.0,)
    xi_max: float
    rate: float
    steps: int = 60


def _read(table, cell=None) -> HysteresisParams:
    return HysteresisParams(currents=table.numbers("currents", [0.0]),
                            xi_max=table.number("xi_max", low=0.0, unit="(kT)"),
                            rate=table.number("rate", low=0.0, unit="(kT per tau_N)"),
                            steps=table.integer("steps", 60, low=4))


def _run(config, mesh, params: HysteresisParams, out) -> StudyResult:
    device = device_of(config, mesh, params.field_direction)
    loops = [hysteresis_loop(device, params.xi_max, params.rate, current=i,
                             steps=params.steps, progress=out.progress)
             for i in params.currents]

    def plot(path):
        ax = None
        for loop in loops:
            ax = loop.plot(ax)
        from fpsphere.plot import save_figure

        save_figure(ax.figure, path)

    derived = {"coercive_down": [lp.coercive_down for lp in loops],
               "coercive_up": [lp.coercive_up for lp in loops],
               "shift": [lp.shift for lp in loops],
               "coercivity": [lp.coercivity for lp in loops]}
    return StudyResult([row for loop in loops for row in loop.rows()], plot, derived)


STUDIES.add(Study("hysteresis", "field-swept hysteresis loops under currents: coercive "
                  "fields, loop shift", ("currents", "xi_max", "rate", "steps"), _read, _run))
