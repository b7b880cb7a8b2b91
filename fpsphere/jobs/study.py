"""The ``[study]`` job: one :mod:`fpsphere.studies` function on the configured device.

``kind = "mram"`` runs :func:`fpsphere.mram.report.run_cell_study` on the ``[cell]``
instead (SI units; its own mesh unless ``use_config_mesh``).

The device is the configured model's energy, damping and scheme with the
``[spin_transfer]`` potentials as the torque *per unit current*.  Results: the
study's tidy rows in ``study.csv``, its figure in ``study.png`` and, in the summary,
the rows plus the derived numbers (coercive fields and loop shift, critical currents).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from fpsphere.config import RunConfig
from fpsphere.mesh import SphereMesh
from fpsphere.mesh.io import atomic_path

__all__ = ["device_of", "run_study"]


def device_of(config: RunConfig, mesh: SphereMesh):
    """The :class:`fpsphere.studies.Device` of a configuration."""
    from fpsphere.studies import Device

    study = config.study
    direction = (study.field_direction if study and study.field_direction is not None
                 else tuple(config.analysis.unit_axis))
    return Device(mesh, config.energy, config.alpha, chi=config.spin_transfer.chi,
                  phi=config.spin_transfer.phi, field_direction=direction,
                  scheme=config.scheme)


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def run_study(config: RunConfig, mesh: SphereMesh, csv_path: Path | None,
              png_path: Path | None, progress: bool = False) -> dict[str, Any]:
    """Run ``config.study``; write its table and figure when paths are given."""
    from fpsphere import studies

    spec = config.study
    if spec.kind == "mram":
        from fpsphere.mram.report import run_cell_study

        return run_cell_study(spec, mesh if spec.use_config_mesh else None, csv_path,
                              png_path, export=config.outputs.export)
    device = device_of(config, mesh)
    derived: dict[str, Any] = {}
    if spec.kind == "write_error_rate":
        dt = spec.dt if spec.dt is not None else spec.durations[-1] / 400
        table = studies.write_error_rate(device, spec.currents, spec.durations, dt=dt,
                                         start=config.analysis.unit_axis, progress=progress)
        rows, plotter = table.rows(), table.plot
    elif spec.kind == "hysteresis":
        loops = [studies.hysteresis_loop(device, spec.xi_max, spec.rate, current=i,
                                         steps=spec.steps, progress=progress)
                 for i in spec.currents]
        rows = [row for loop in loops for row in loop.rows()]
        derived = {"coercive_down": [lp.coercive_down for lp in loops],
                   "coercive_up": [lp.coercive_up for lp in loops],
                   "shift": [lp.shift for lp in loops],
                   "coercivity": [lp.coercivity for lp in loops]}

        def plotter(path):
            ax = None
            for loop in loops:
                ax = loop.plot(ax)
            from fpsphere.plot import save_figure as save

            save(ax.figure, path)
    elif spec.kind == "critical_current":
        table = studies.critical_currents(device, spec.fields, spec.i_max,
                                          start=config.analysis.unit_axis)
        rows, plotter = table.rows(), table.plot
        derived = {"critical_current": table.currents.tolist()}
    else:
        table = studies.resonance_vs_current(device, spec.currents, k=spec.k,
                                             progress=progress)
        rows, plotter = table.rows(), table.plot
    if csv_path is not None:
        _write_csv(csv_path, rows)
    if png_path is not None:
        plotter(path=png_path)
    clean = [{k: (None if isinstance(v, float) and not np.isfinite(v) else v)
              for k, v in row.items()} for row in rows]
    return {"kind": spec.kind, "rows": clean, **derived}
