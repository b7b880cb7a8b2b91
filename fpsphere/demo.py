"""The built-in example of ``fpsphere run`` (the README's quick start), from Python.

The example itself is the TOML configuration ``fpsphere/data/default.toml``
(:func:`fpsphere.config.default`): a perpendicular MRAM-like free layer, uniaxial
barrier ``sigma = 20`` along z, a field ``xi = 4`` tilted 45 deg towards x, damping
``alpha = 0.02``, at equilibrium and with a Slonczewski damping-like torque from a
polarizer along +z (``kappa = -8``: ``chi = +8 u_z``, pulling the moment up).
:func:`default_run` solves both stationary states on an icosphere of any level
and returns them with their observables (``docs/make_figures.py`` draws them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fpsphere import config
from fpsphere.jobs.report import stationary_table
from fpsphere.jobs.tasks import stationary_states

__all__ = ["DemoCase", "default_config", "default_run"]


@dataclass(frozen=True)
class DemoCase:
    """Observables of one stationary state of the demo."""

    name: str
    scheme: str
    mean_moment: np.ndarray
    order_parameter: float
    p_up: float
    entropy_production: float
    rho: np.ndarray


def default_config(level: int = 5) -> config.RunConfig:
    """The built-in configuration on an icosphere of ``level``."""
    return config.default().updated({"mesh.level": level})


def default_run(level: int = 5, output: str | None = None, quiet: bool = False) -> list[DemoCase]:
    """Solve the demo's two stationary states (equilibrium, then with spin torque).

    Prints a report unless ``quiet``; writes both densities (``rho_0``, ``rho_1``) to
    the VTU file ``output`` if given.  For the full run with an output folder use
    ``fpsphere run -o OUTDIR`` (:func:`fpsphere.jobs.run`).
    """
    from fpsphere.mesh import write_mesh

    cfg = default_config(level)
    mesh = cfg.build_mesh()
    cases, rows = [], {}
    for state in stationary_states(cfg, mesh):
        s = rows[state.name] = state.summary(cfg.analysis.axis)
        cases.append(DemoCase(
            name=state.name, scheme=str(s["scheme"]),
            mean_moment=np.array([s["mean_x"], s["mean_y"], s["mean_z"]]),
            order_parameter=float(s["order_parameter"]), p_up=float(s["p_up"]),
            entropy_production=float(s["entropy_production"]), rho=state.rho))
    if not quiet:
        print(f"fpsphere demo: {cfg.title}, icosphere level {level} ({mesh.n_cells} cells)")
        print("\n".join(stationary_table(rows)))
    if output:
        write_mesh(mesh, output, point_data={f"rho_{i}": c.rho for i, c in enumerate(cases)})
        if not quiet:
            print(f"wrote {output} (point data rho_0: equilibrium, rho_1: with spin torque)")
    return cases
