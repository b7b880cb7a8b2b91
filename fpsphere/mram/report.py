"""The ``mram`` study of run configurations: one cell, its numbers, a table and pictures.

Owns the ``mram`` entry of :data:`fpsphere.studies.STUDIES` (its ``[study]`` keys, the
reader of :class:`MramParams` and the runner) and :func:`run_cell_study`, which the
runner calls with the ``[cell]`` of the configuration.  It computes what
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
from dataclasses import dataclass
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
from fpsphere.studies.registry import STUDIES, Study, StudyParams, StudyResult

__all__ = ["MramParams", "run_cell_study", "write_frames"]


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
                   png_path: Path | None = None, *, export: bool = True,
                   progress: bool = False) -> dict[str, Any]:
    """Run the ``mram`` study ``spec`` (a :class:`MramParams`); ``progress`` shows bars
    (stderr) over the write-error-rate evolutions and the bisection for the current.

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
                                 estimate_error=True, progress=progress)
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
        current = current_for_wer(cell, spec.wer_target, spec.write_durations[-1], mesh=mesh,
                                  progress=progress)
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


# ------------------------------------------------------------ [study] entry
@dataclass(frozen=True, kw_only=True)
class MramParams(StudyParams):
    """``[study] kind = "mram"``: the ``cell`` (:class:`fpsphere.mram.Cell` of
    ``[cell]``, SI units), ``write_currents`` (A) with increasing ``write_durations``
    (s), ``read_current`` (A) with ``read_duration`` (s), ``wer_target``, ``frames``
    (ParaView frames of the switching, default 20) and ``use_config_mesh``."""

    kind = "mram"
    cell: object
    write_currents: tuple[float, ...] | None = None
    write_durations: tuple[float, ...] | None = None
    read_current: float | None = None
    read_duration: float | None = None
    wer_target: float | None = None
    frames: int = 20
    use_config_mesh: bool = False


def _read(table, cell=None) -> MramParams:
    if cell is None:
        raise table.error("kind", "mram", "a [cell] table beside it (the MRAM cell, SI units)")
    currents = table.numbers("write_currents") if "write_currents" in table else None
    durations = (table.numbers("write_durations", increasing=True, low=0.0)
                 if "write_durations" in table else None)
    if (currents is None) != (durations is None):
        missing = "write_durations" if durations is None else "write_currents"
        raise table.missing(missing, "both write_currents (A) and write_durations (s) for the "
                            "write-error-rate table")
    if durations is not None and durations[0] <= 0:
        raise table.error("write_durations", list(durations), "increasing durations > 0 (s)")
    read_current = table.number("read_current", None)
    read_duration = table.number("read_duration", None, low=0.0)
    if (read_current is None) != (read_duration is None):
        missing = "read_duration" if read_duration is None else "read_current"
        raise table.missing(missing, "both read_current (A) and read_duration (s)")
    target = table.number("wer_target", None, low=0.0, high=0.5)
    if target is not None and durations is None:
        raise table.missing("write_durations", "the pulse durations (s): wer_target is reached "
                            "at the longest one")
    return MramParams(cell=cell, write_currents=currents, write_durations=durations,
                      read_current=read_current, read_duration=read_duration,
                      wer_target=target, frames=table.integer("frames", 20, low=0, high=1000),
                      use_config_mesh=table.boolean("use_config_mesh", False))


def _run(config, mesh, params: MramParams, out) -> StudyResult:
    csv_path = out.file("study.csv") if out.file is not None else None
    png_path = out.file("study.png") if out.file is not None and out.figures else None
    result = run_cell_study(params, mesh if params.use_config_mesh else None, csv_path,
                            png_path, export=out.export, progress=out.progress)
    rows = result.pop("rows")
    return StudyResult(rows, None, result, table_written=True)


STUDIES.add(Study("mram", "an MRAM cell of [cell] in SI units: retention, write error rate, "
                  "read disturb, the current reaching a target WER",
                  ("write_currents", "write_durations", "read_current", "read_duration",
                   "wer_target", "frames", "use_config_mesh"), _read, _run, uses_cell=True))
