"""The ``mram`` study of run configurations: one cell, its numbers, a table and pictures.

Owns :func:`run_cell_study`, called by :func:`fpsphere.jobs.study.run_study` for
``[study] kind = "mram"`` with the ``[cell]`` of the configuration.  It computes what
the study asks for (retention, write-error-rate table, read disturb, the current
reaching a target WER) with the functions of :mod:`fpsphere.mram`, and writes

* ``study.csv``: the write-error-rate table (``current_uA``, ``duration_ns``,
  ``write_error_rate``, ``error_estimate``, and the same in A and s);
* ``study.png``: the WER against the pulse duration (ns), one curve per current (uA);
* ``retention.png``: the retention time (years) against temperature, 5 points from
  -20 K to +20 K about the cell's temperature (``study.png`` itself when the study
  has no write table; the CSV then lists the quantities computed);
* ``switching.pvd`` and ``switching_*.vtu``: ParaView frames of the density during
  the pulse of the largest write current, times in ns.

Returns the JSON-able summary (each number with its unit, error and method).
Depends on :mod:`fpsphere.mram`, :mod:`fpsphere.export` and, for the figures,
:mod:`fpsphere.plot` (lazily).
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from typing import Any

import numpy as np

from fpsphere.mram.design import current_for_wer
from fpsphere.mram.numerics import checked_mesh, describe_mesh, time_step
from fpsphere.mram.thermal import (
    SECONDS_PER_YEAR,
    model_at,
    read_disturb,
    retention_time,
    up_well_density,
)
from fpsphere.mram.writing import write_error_rate

__all__ = ["run_cell_study", "write_frames"]


def _cell_summary(cell) -> dict[str, Any]:
    out = {"delta": cell.delta, "tau_N_s": cell.tau_N, "H_K_A_per_m": cell.H_K,
           "volume_m3": cell.volume, "temperature_K": cell.temperature, "alpha": cell.alpha,
           "collinear": cell.collinear, "description": cell.describe()}
    if cell.per_ampere is not None:
        critical = cell.critical_current
        out.update(kappa_per_A=cell.per_ampere.kappa, critical_current=critical.as_dict(),
                   critical_current_uA=float(critical) * 1e6)
    return out


def write_frames(cell, mesh, current: float, duration: float, stem: Path,
                 frames: int) -> list[str]:
    """ParaView frames (``stem.pvd`` and ``stem_*.vtu``, times in ns) of the density
    during a pulse of ``current`` (A) for ``duration`` (s); returns the file names."""
    from fpsphere.export import SeriesWriter

    tau = duration / cell.tau_N
    times = np.linspace(0.0, tau, frames + 1)[1:]
    model = model_at(cell, mesh, current)
    rho0 = up_well_density(cell, mesh)
    run = model.evolve(rho0, times, dt=time_step(cell, current, tau))
    with SeriesWriter(stem, model=model, time_unit="ns", time_scale=cell.tau_N * 1e9) as writer:
        writer.write(0.0, rho0)
        for t, rho in zip(times, run.rho, strict=True):
            writer.write(float(t), rho)
    names = [f"{stem.name}_{k:05d}.vtu" for k in range(frames + 1)]
    return [*names, f"{stem.name}.pvd"]


def _retention_plot(cell, mesh, path: Path) -> dict[str, list[float]]:
    from fpsphere.plot import new_axes, save_figure

    temperatures = cell.temperature + np.linspace(-20.0, 20.0, 5)
    years = [float(retention_time(dataclasses.replace(cell, temperature=float(t)), mesh,
                                  estimate_error=False)) / SECONDS_PER_YEAR
             for t in temperatures]
    ax = new_axes()
    ax.semilogy(temperatures, years, "o-")
    ax.set_xlabel("temperature (K)")
    ax.set_ylabel("retention time (years)")
    ax.set_title(f"retention ({describe_mesh(mesh)})")
    save_figure(ax.figure, path)
    return {"temperature_K": temperatures.tolist(), "retention_years": years}


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def run_cell_study(spec, mesh=None, csv_path: Path | None = None,
                   png_path: Path | None = None, *, export: bool = True) -> dict[str, Any]:
    """Run the ``mram`` study ``spec`` (a :class:`fpsphere.config.study.StudySpec`).

    ``mesh`` None: the default of :func:`fpsphere.mram.numerics.default_mesh`.  Files go
    beside ``csv_path`` (table, frames when ``export``) and ``png_path`` (figures).
    """
    cell = spec.cell
    mesh = checked_mesh(cell, mesh)
    result: dict[str, Any] = {"kind": "mram", "cell": _cell_summary(cell),
                              "mesh": describe_mesh(mesh), "files": []}
    rows: list[dict[str, Any]] = []
    retention = retention_time(cell, mesh)
    result["retention"] = {**retention.as_dict(), "years": retention.details["years"]}
    if spec.write_currents is not None:
        table = write_error_rate(cell, spec.write_currents, spec.write_durations, mesh=mesh,
                                 estimate_error=True)
        rows = table.rows()
        result["write_error_rate"] = {"method": table.method, "mesh": table.mesh,
                                      "settle_s": table.settle}
        if png_path is not None:
            table.plot(path=png_path)
            result["files"].append(png_path.name)
    if spec.read_current is not None:
        disturb = read_disturb(cell, spec.read_current, spec.read_duration, mesh=mesh)
        result["read_disturb"] = disturb.as_dict()
    if spec.wer_target is not None:
        current = current_for_wer(cell, spec.wer_target, spec.write_durations[-1], mesh=mesh)
        result["current_for_wer"] = {**current.as_dict(), "uA": float(current) * 1e6}
    if not rows:  # no write table: the quantities themselves
        rows = [{"quantity": name, "value": entry["value"], "unit": entry["unit"],
                 "error": entry["error"]} for name, entry in result.items()
                if isinstance(entry, dict) and "unit" in entry]
    if csv_path is not None:
        _write_csv(csv_path, rows)
        result["files"].append(csv_path.name)
    folder = next((p.parent for p in (csv_path, png_path) if p is not None), None)
    if png_path is not None:
        retention_png = png_path if "write_error_rate" not in result else (
            png_path.parent / "retention.png")
        result["retention_vs_temperature"] = _retention_plot(cell, mesh, retention_png)
        result["files"].append(retention_png.name)
    if folder is not None and export and spec.frames and spec.write_currents is not None:
        current = max(spec.write_currents, key=abs)
        result["files"] += write_frames(cell, mesh, current, spec.write_durations[-1],
                                        folder / "switching", spec.frames)
    result["rows"] = rows
    return result
