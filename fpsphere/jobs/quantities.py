"""Scalar quantities of one configuration: the points of a parameter sweep.

:data:`QUANTITIES` maps a name to a function ``f(config, mesh) -> dict[str, float]``
(a few named floats, JSON-able).  It is a plain dict: another module adds a
quantity by assigning ``QUANTITIES["switching_probability"] = func``; the names
are what ``outputs.quantities`` and :func:`fpsphere.jobs.evaluate` accept.

Built in:

``stationary``       ``<u>`` components, ``P(u.n > 0)``, ``<(u.n)^2>``, entropy production.
``spectrum``         ``lambda1`` (real part, 1/tau_N), ``lambda1_imag`` (precession),
                     ``lambda2``, ``lambda3``... (``outputs.spectrum`` rates, at least 4).
``escape_rate``      committor escape rates between the cones about ``+-analysis.axis``
                     (``rate_up_down``, ``rate_down_up``, their sum ``lambda1``);
                     ``1/MFPT`` out of equilibrium.  Accurate for high barriers.
``lambda1``          only the ``lambda1`` of ``escape_rate``.
``relaxation_time``  integral relaxation time of ``u.n`` (tau_N).
``write_error_rate`` ``P(u.n > 0)`` at the last ``evolve.times`` (the pulse duration)
                     from the zero-current well about ``+analysis.axis``
                     (:func:`fpsphere.studies.write_error_rate`): ``error_rate``,
                     ``switching_probability``.
``resonance``        the precession pair ``Gamma ± i omega`` of the spectrum
                     (:func:`fpsphere.studies.resonance.precession_mode`): ``frequency``,
                     ``linewidth`` (1/tau_N).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from fpsphere.config import RunConfig
from fpsphere.jobs import report
from fpsphere.jobs.registry import JOBS, Job, OutputKey
from fpsphere.jobs.tasks import state_observables
from fpsphere.mesh import SphereMesh

__all__ = ["QUANTITIES", "Quantity", "check_names"]

Quantity = Callable[[RunConfig, SphereMesh], dict[str, float]]


def stationary(config: RunConfig, mesh: SphereMesh) -> dict[str, float]:
    """Observables of the stationary state (see :func:`~fpsphere.jobs.tasks.state_observables`)."""
    model = config.build_model(mesh)
    return state_observables(model, model.stationary(config.stationary_method),
                             config.analysis.axis)


def spectrum(config: RunConfig, mesh: SphereMesh) -> dict[str, float]:
    """The slowest nonzero rates: ``lambda1`` (real), ``lambda1_imag``, ``lambda2``, ..."""
    k = max(config.outputs.spectrum, 4)
    rates = config.build_model(mesh).spectrum(k, operator=config.operator)
    out = {"lambda1": float(rates[1].real), "lambda1_imag": float(rates[1].imag)}
    out.update({f"lambda{i}": float(r.real) for i, r in enumerate(rates[2:], start=2)})
    return out


def escape_rate(config: RunConfig, mesh: SphereMesh) -> dict[str, float]:
    """Escape rates between the basins about ``+-analysis.axis`` (1/tau_N).

    :meth:`~fpsphere.model.FokkerPlanck.metastable_rates` (any barrier height): the
    committor for reversible models, the quasi-stationary flux otherwise, with
    ``dynamics.operator``.
    """
    model = config.build_model(mesh)
    up, down = config.analysis.basins
    rates = model.metastable_rates(up, down, operator=config.operator)
    return {"rate_up_down": float(rates.rate_ab), "rate_down_up": float(rates.rate_ba),
            "lambda1": float(rates.lambda_1)}


def lambda1(config: RunConfig, mesh: SphereMesh) -> dict[str, float]:
    """The slowest rate ``lambda1`` of :func:`escape_rate`."""
    return {"lambda1": escape_rate(config, mesh)["lambda1"]}


def relaxation_time(config: RunConfig, mesh: SphereMesh) -> dict[str, float]:
    """Integral relaxation time (tau_N) of ``u.analysis.axis`` in the stationary state."""
    model = config.build_model(mesh)
    axis = np.asarray(config.analysis.unit_axis)
    return {"relaxation_time": float(model.integral_relaxation_time(axis))}


def write_error_rate(config: RunConfig, mesh: SphereMesh) -> dict[str, float]:
    """WER after a pulse of duration ``evolve.times[-1]`` with the configured spin transfer."""
    from fpsphere.errors import ConfigError
    from fpsphere.studies import Device
    from fpsphere.studies import write_error_rate as wer

    if config.evolve is None:
        raise ConfigError(f"{config.source}: the quantity 'write_error_rate' needs an [evolve] "
                          "table (its last time is the pulse duration, tau_N)")
    model = config.build_model(mesh)
    device = Device(mesh, model.energy, model.alpha, chi=model.chi, phi=model.phi,
                    field_direction=tuple(config.analysis.unit_axis), scheme=model.scheme)
    times = config.evolve.times
    table = wer(device, [1.0], [times[-1]], dt=config.evolve.dt, scheme=config.evolve.scheme,
                rtol=config.evolve.rtol)
    rate = float(table.error_rate[0, -1])
    return {"error_rate": rate, "switching_probability": 1.0 - rate}


def resonance(config: RunConfig, mesh: SphereMesh) -> dict[str, float]:
    """Frequency and half width (1/tau_N) of the slowest oscillating mode."""
    from fpsphere.studies.resonance import precession_mode

    rates = config.build_model(mesh).spectrum(max(config.outputs.spectrum, 8),
                                              operator=config.operator)
    mode = precession_mode(rates)
    return {"frequency": float(mode.imag), "linewidth": float(mode.real)}


#: name -> ``f(config, mesh) -> dict[str, float]``; extend by assignment.
QUANTITIES: dict[str, Quantity] = {
    "stationary": stationary,
    "spectrum": spectrum,
    "escape_rate": escape_rate,
    "lambda1": lambda1,
    "relaxation_time": relaxation_time,
    "write_error_rate": write_error_rate,
    "resonance": resonance,
}


# ------------------------------------------------------------------ the job
def check_names(config: RunConfig) -> None:
    """Every name of ``outputs.quantities`` is in :data:`QUANTITIES` (else ConfigError)."""
    from fpsphere.config.reader import suggestion
    from fpsphere.errors import ConfigError

    for name in config.outputs.quantities:
        if name not in QUANTITIES:
            raise ConfigError(f"{config.source}: outputs.quantities has {name!r}, not allowed"
                              f"{suggestion(name, QUANTITIES)}: expected names among "
                              f"{sorted(QUANTITIES)}")


def _run(ctx) -> dict:
    return {name: QUANTITIES[name](ctx.config, ctx.mesh) for name in ctx.config.outputs.quantities}


def _read(table, given: frozenset[str]) -> tuple[str, ...]:
    return table.strings("quantities", [])


JOBS.add(Job("quantities", "scalar quantities of fpsphere.jobs.QUANTITIES (the values a "
             "sweep tabulates)", _run, outputs=(OutputKey("quantities", _read, off=[]),),
             report=report.quantities_lines))
