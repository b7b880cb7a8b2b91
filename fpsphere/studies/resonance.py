"""Ferromagnetic-resonance-like line versus current (the article's precession states).

The precession mode of a well is the slowest complex-conjugate pair of the
Fokker-Planck spectrum, ``lambda = Gamma ± i omega`` (1/tau_N): ``omega`` is the
resonance (Larmor) frequency, ``Gamma`` its half width (the decay rate of the
transverse moment).  A field-like torque shifts ``omega`` through ``U_p = U + Phi``
(``grad Phi``); a damping-like one changes ``Gamma`` through ``U_d = U - chi`` and
drives it through zero at the instability (the spin-torque oscillator threshold).
Axial check: with ``U = -sigma z^2 - xi z`` and ``Phi~ = -b I z`` the zero-temperature
frequency is ``(2 sigma + xi - b I) / (2 alpha)`` (docs/conventions.md fact 5 generalized).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.studies.device import Device, device_of
from fpsphere.studies.registry import STUDIES, Study, StudyParams, StudyResult

__all__ = ["ResonanceTable", "precession_mode", "resonance_vs_current"]


def precession_mode(rates: np.ndarray, rel: float = 1e-8) -> complex:
    """The slowest-decaying rate with a non-zero imaginary part (NaN if none)."""
    rates = np.asarray(rates)
    oscillating = rates[np.abs(rates.imag) > rel * np.abs(rates).max()]
    if oscillating.size == 0:
        return complex(np.nan, np.nan)
    best = oscillating[np.argmin(oscillating.real)]
    return complex(best.real, abs(best.imag))


@dataclass(frozen=True)
class ResonanceTable:
    """Precession frequency ``omega`` and half width ``Gamma`` (1/tau_N) versus current."""

    currents: np.ndarray
    frequency: np.ndarray
    linewidth: np.ndarray

    def rows(self) -> list[dict[str, float]]:
        return [{"current": float(i), "frequency": float(f), "linewidth": float(g)}
                for i, f, g in zip(self.currents, self.frequency, self.linewidth, strict=True)]

    def plot(self, axes=None, *, path: str | os.PathLike | None = None):
        """Two panels: frequency and linewidth versus current; returns the Axes pair."""
        from fpsphere.plot import save_figure

        if axes is None:
            from matplotlib.figure import Figure

            axes = Figure(figsize=(8, 3.5)).subplots(1, 2)
        axes[0].plot(self.currents, self.frequency, "o-")
        axes[0].set_ylabel(r"$\omega$ (1/$\tau_N$)")
        axes[1].plot(self.currents, self.linewidth, "o-")
        axes[1].set_ylabel(r"$\Gamma$ (1/$\tau_N$)")
        for ax in axes:
            ax.set_xlabel("current (units of the configured torque)")
        if path is not None:
            save_figure(axes[0].figure, path)
        return axes


def resonance_vs_current(device: Device, currents, *, xi: float = 0.0, k: int = 8,
                         progress: bool = False, operator: str | None = None) -> ResonanceTable:
    """The precession pair of the ``k`` slowest rates at each current
    (:meth:`FokkerPlanck.spectrum` with ``operator``: ``"transient"`` for
    non-collinear torques at low damping, docs/explanation/operator.md)."""
    currents = np.atleast_1d(np.asarray(currents, dtype=float))
    if currents.size == 0 or not np.all(np.isfinite(currents)):
        raise ParameterError(f"currents={currents!r} is not allowed: expected finite values")
    from tqdm.auto import tqdm

    modes = [precession_mode(device.model(i, xi).spectrum(k, operator=operator))
             for i in tqdm(currents, disable=not progress, desc="currents", leave=False)]
    return ResonanceTable(currents, np.array([m.imag for m in modes]),
                          np.array([m.real for m in modes]))


# ------------------------------------------------------------ [study] entry
@dataclass(frozen=True, kw_only=True)
class ResonanceParams(StudyParams):
    """``[study] kind = "resonance"``: ``currents`` (multipliers) and ``k``, the rates
    computed per current (default 8, at least 3)."""

    kind = "resonance"
    currents: tuple[float, ...]
    k: int = 8


def _read(table, cell=None) -> ResonanceParams:
    return ResonanceParams(currents=table.numbers("currents"), k=table.integer("k", 8, low=3))


def _run(config, mesh, params: ResonanceParams, out) -> StudyResult:
    device = device_of(config, mesh, params.field_direction)
    table = resonance_vs_current(device, params.currents, k=params.k, progress=out.progress)
    return StudyResult(table.rows(), lambda path: table.plot(path=path))


STUDIES.add(Study("resonance", "precession frequency and linewidth of the FMR mode versus "
                  "current", ("currents", "k"), _read, _run))
