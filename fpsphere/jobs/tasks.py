"""The jobs of a run, one function each, returning arrays (the caller makes JSON of them).

``stationary_states`` (docs/conventions.md facts 2-4), ``slowest_rates`` (the spectrum),
``evolution`` (implicit time stepping, through the protocol if any) and
``stack_solution`` (the 1D spin accumulation, docs/conventions.md section 2).  Each takes
a validated :class:`~fpsphere.config.RunConfig` and, for sphere jobs, the mesh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fpsphere import observables
from fpsphere.config import RunConfig
from fpsphere.mesh import SphereMesh
from fpsphere.model import Evolution, FokkerPlanck

__all__ = ["StationaryState", "evolution", "slowest_rates", "stack_solution",
           "state_observables", "stationary_states"]


def state_observables(model: FokkerPlanck, rho: np.ndarray, axis) -> dict[str, float]:
    """``<u>``, ``P(u.axis > 0)`` (exact hemisphere), ``<(u.axis)^2>`` and the entropy
    production rate (k_B per tau_N) of the density ``rho`` of ``model``."""
    mesh = model.mesh
    mean = observables.mean_moment(mesh, rho)
    return {
        "mean_x": float(mean[0]), "mean_y": float(mean[1]), "mean_z": float(mean[2]),
        "p_up": float(observables.probability(mesh, rho, tuple(axis))),
        "order_parameter": float(observables.mean_square_projection(mesh, rho, tuple(axis))),
        "entropy_production": float(observables.entropy_production(model.generator, rho)),
    }


@dataclass(frozen=True)
class StationaryState:
    """One stationary state: ``name`` is ``"spin_transfer"`` or ``"equilibrium"``."""

    name: str
    model: FokkerPlanck
    rho: np.ndarray
    method: str = "auto"

    def summary(self, axis) -> dict[str, float | str]:
        """Its observables (see :func:`state_observables`) and the scheme used."""
        return {**state_observables(self.model, self.rho, axis),
                "scheme": _stationary_scheme(self.model, self.method)}


def _stationary_scheme(model: FokkerPlanck, method: str) -> str:
    """Which discretization gave the state of ``model.stationary(method)``."""
    if method == "transient":
        return model.transient_scheme
    return model.stationary_scheme if method == "auto" else model.scheme_used


def stationary_states(config: RunConfig, mesh: SphereMesh,
                      model: FokkerPlanck | None = None) -> list[StationaryState]:
    """The stationary state of the configured ``model`` (built if None) and, with spin
    transfer and ``outputs.equilibrium_reference``, first that of the same model
    without it (Boltzmann).  The configured model's state is last."""
    model = config.build_model(mesh) if model is None else model
    states = []
    if config.has_spin_transfer and config.outputs.equilibrium_reference:
        reference = config.build_model(mesh, spin_transfer=False)
        method = config.stationary_method
        states.append(StationaryState("equilibrium", reference, reference.stationary(method),
                                      method))
    name = "spin_transfer" if config.has_spin_transfer else "equilibrium"
    method = config.stationary_method
    return [*states, StationaryState(name, model, model.stationary(method), method)]


def slowest_rates(model: FokkerPlanck, k: int,
                  operator: str = "generator") -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` slowest complex rates (1/tau_N) and their modes (N, k)."""
    return model.spectrum(k, vectors=True, operator=operator)


def evolution(config: RunConfig, mesh: SphereMesh, model: FokkerPlanck | None = None, *,
              progress: bool = False, segment_models: list | None = None) -> Evolution:
    """Densities at ``evolve.times`` from ``[initial]`` under ``model`` (built if None),
    or through ``[protocol]`` if given (``segment_models``: its models, built if None)."""
    from fpsphere.protocols import Segment, run_protocol

    spec = config.evolve
    model = config.build_model(mesh) if model is None else model
    rho0 = config.initial_density(mesh, model)
    if config.protocol:
        segments = (config.segment_models(mesh) if not segment_models else
                    [Segment(m, s.duration) for m, s in zip(segment_models, config.protocol,
                                                             strict=True)])
        return run_protocol(segments, rho0, spec.times,
                            time_scheme=spec.scheme, dt=spec.dt, rtol=spec.rtol,
                            progress=progress)
    return model.evolve(rho0, spec.times, time_scheme=spec.scheme, dt=spec.dt, rtol=spec.rtol,
                        progress=progress)


def stack_solution(config: RunConfig):
    """The solution of ``[stack]`` (two-channel or vector model)."""
    return config.stack.solve()
