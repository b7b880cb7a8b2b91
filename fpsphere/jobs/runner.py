""":func:`run`: every job of a configuration, its results, files and ``summary.json``.

The order is fixed: checks (names, figures, the output folder) before anything is
built; then the mesh, the model, and the jobs of ``[outputs]`` (stationary,
spectrum, evolve, quantities, stack), each timed; then ``summary.json`` last and
the folder renamed into place.  Fields for ParaView go through
:mod:`fpsphere.export`, figures through :mod:`fpsphere.jobs.figures`.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from fpsphere import export, observables
from fpsphere.config import RunConfig
from fpsphere.config.reader import suggestion
from fpsphere.errors import ConfigError
from fpsphere.jobs import estimates, figures, tasks
from fpsphere.jobs.output import OutputFolder, jsonable, versions
from fpsphere.jobs.quantities import QUANTITIES
from fpsphere.jobs.study import run_study
from fpsphere.mesh import SphereMesh

__all__ = ["SUMMARY_FORMAT", "check", "evaluate", "run"]

SUMMARY_FORMAT = "fpsphere-run/1"
"""The ``format`` entry of ``summary.json``; bumped when its layout changes."""


def check(config: RunConfig) -> None:
    """What :func:`run` needs beyond a valid configuration: known quantity names and,
    for ``outputs.figures = true``, matplotlib.  Raises :class:`ConfigError`."""
    for name in config.outputs.quantities:
        if name not in QUANTITIES:
            raise ConfigError(f"{config.source}: outputs.quantities has {name!r}, not allowed"
                              f"{suggestion(name, QUANTITIES)}: expected names among "
                              f"{sorted(QUANTITIES)}")
    if config.outputs.figures is True and not figures.available():
        raise ConfigError(f"{config.source}: outputs.figures = true needs matplotlib (pip "
                          "install 'fpsphere[plot]'); set it to \"auto\" or false")


def evaluate(config: RunConfig, quantity: str, mesh: SphereMesh | None = None
             ) -> dict[str, float]:
    """The scalar ``quantity`` (a name of :data:`QUANTITIES`) of ``config``.

    ``mesh`` is reused when given (a sweep builds it once); else ``config.build_mesh()``.
    """
    if quantity not in QUANTITIES:
        raise ConfigError(f"quantity={quantity!r} is not allowed{suggestion(quantity, QUANTITIES)}"
                          f": expected one of {sorted(QUANTITIES)}")
    return QUANTITIES[quantity](config, config.build_mesh() if mesh is None else mesh)


@dataclass
class _Recorder:
    """Where a run's files go, and its timings and notes."""

    folder: OutputFolder | None
    export: bool
    figures: bool
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def file(self, name: str) -> Path:
        return self.folder.file(name)


def _stationary(config: RunConfig, mesh: SphereMesh, model, rec: _Recorder) -> dict:
    states = tasks.stationary_states(config, mesh, model)
    if rec.export:
        for state in states:
            export.write_state(rec.file(f"stationary_{state.name}.vtu"), state.model, state.rho)
    if rec.figures:
        figures.stationary_figure(mesh, states, rec.file("stationary.png"))
    return {s.name: s.summary(config.analysis.axis) for s in states}


def _spectrum(config: RunConfig, mesh: SphereMesh, model, rec: _Recorder) -> dict:
    rates, modes = tasks.slowest_rates(model, config.outputs.spectrum, config.operator)
    if rec.export:
        paths = export.write_spectrum(rec.folder.tmp / "spectrum", model, rates=rates,
                                      modes=modes)
        rec.folder.files.extend([p.name for p in paths] + ["spectrum.pvd"])
    if rec.figures:
        figures.spectrum_figure(rates, rec.file("spectrum.png"))
    return {"real": rates.real.tolist(), "imag": rates.imag.tolist()}


def _evolve(config: RunConfig, mesh: SphereMesh, model, rec: _Recorder,
            progress: bool) -> dict:
    run = tasks.evolution(config, mesh, model, progress=progress)
    p_up = observables.probability(mesh, run.rho, config.analysis.axis)
    ends = tuple(np.cumsum([s.duration for s in config.protocol]).tolist())
    if rec.export:
        # one model for the whole run: its potentials and currents go in every frame
        with export.SeriesWriter(rec.folder.tmp / "evolution", mesh,
                                 model=None if config.protocol else model) as writer:
            for t, rho in zip(run.times, run.rho, strict=True):
                writer.write(float(t), rho)
        rec.folder.files.extend([name for _, name in writer.entries] + ["evolution.pvd"])
    if rec.folder is not None:
        table = np.column_stack([run.times, run.mean_moment, p_up])
        np.savetxt(rec.file("evolution.csv"), table, delimiter=",",
                   header="time_tau_N,mean_x,mean_y,mean_z,p_up", comments="")
    if rec.figures:
        figures.evolution_figure(run.times, run.mean_moment, p_up, rec.file("evolution.png"),
                                 ends)
    out = {"times": run.times.tolist(), "mean_moment": run.mean_moment.tolist(),
           "p_up": np.atleast_1d(p_up).tolist()}
    if model is not None:
        out["operator"] = model.transient_scheme
    if ends:
        out["segment_ends"] = list(ends)
    if config.tau_N is not None:
        out["times_s"] = (run.times * config.tau_N).tolist()
    return out


def _stack(config: RunConfig, rec: _Recorder) -> dict:
    sol = tasks.stack_solution(config)
    if rec.folder is not None:
        if config.stack.model == "vector":
            cols = [sol.x, sol.layer, sol.mu_mean, *sol.spin_accumulation.T,
                    sol.charge_current, *sol.spin_current.T]
            names = "x_m,layer,mu_mean_V,s_x_V,s_y_V,s_z_V,j_charge,js_x,js_y,js_z"
        else:
            cols = [sol.x, sol.layer, sol.mu_mean, sol.delta_mu, sol.charge_current,
                    sol.spin_current]
            names = "x_m,layer,mu_mean_V,delta_mu_V,j_charge,j_spin"
        np.savetxt(rec.file("stack_profile.csv"), np.column_stack(cols), delimiter=",",
                   header=names, comments="")
    if rec.figures:
        figures.stack_figure(sol, [la.material.name for la in config.stack.layers],
                             rec.file("stack.png"))
    return {"model": config.stack.model, "current_density": sol.current_density,
            "resistance": sol.resistance, "plain_resistance": sol.plain_resistance,
            "r_ne": sol.r_ne, "layers": [la.material.name for la in config.stack.layers]}


def _error_estimates(config: RunConfig, results: dict, rec: _Recorder) -> dict:
    """The ``errors`` block: the same jobs on the coarser levels, then Richardson."""
    from fpsphere.errors import FpsphereError

    coarse = {}
    for level in reversed(config.mesh.estimate_levels):  # a failed level ends the sequence
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                coarse[level] = run(estimates.coarse_config(config, level), None,
                                    progress=False)["results"]
            except FpsphereError as err:
                rec.notes.append(f"error estimate: the run on icosphere level {level} "
                                 f"failed: {err}")
        # the coarse meshes' own warnings go to the notes, not to stderr
        for message in dict.fromkeys(str(w.message) for w in caught):
            rec.notes.append(f"error estimate, icosphere level {level}: {message}")
        if level not in coarse:
            break
    entries, notes = estimates.error_entries(jsonable(results), coarse, config.mesh.level)
    rec.notes.extend(notes)
    if config.study is not None:
        rec.notes.append("the [study] tables carry no error estimate")
    return entries


def run(config: RunConfig, outdir: str | Path | None = None, *, progress: bool = True,
        overwrite: bool = False) -> dict[str, Any]:
    """Run the jobs of ``config`` and return the summary (JSON-able).

    Parameters
    ----------
    config : a validated :class:`~fpsphere.config.RunConfig`.
    outdir : output folder (``None``: compute and return only).  It receives
        ``summary.json`` (written last), ``config.toml`` (the input, when read from a
        file), VTU/PVD fields and PNG figures as ``[outputs]`` asks.
    progress : show progress bars (tqdm, on stderr).
    overwrite : replace an existing non-empty ``outdir``.

    Returns
    -------
    dict
        ``format``, ``title``, ``source``, ``created``, ``versions``, ``config`` (the
        normalized input), ``parameters`` (the reduced ones used), ``results`` (per
        job), ``timings`` (s), ``files`` and ``notes`` -- the content of ``summary.json``;
        with ``mesh.error_estimate`` also ``errors``, the estimated mesh error of every
        numeric result by its dotted path (:mod:`fpsphere.jobs.estimates`).

    Raises
    ------
    ConfigError
        Before any computation: unknown quantity, missing matplotlib, output folder
        not writable or not empty.  Nothing is left behind by a failed run.
    """
    from tqdm import tqdm

    check(config)
    folder = OutputFolder(outdir, overwrite=overwrite) if outdir is not None else None
    wants = config.outputs.figures
    rec = _Recorder(folder, export=folder is not None and config.outputs.export,
                    figures=folder is not None and (wants is True or (
                        wants == "auto" and figures.available())))
    if folder is not None and wants == "auto" and not rec.figures:
        rec.notes.append("figures skipped: matplotlib is not installed "
                         "(pip install 'fpsphere[plot]')")
    out = config.outputs
    jobs = [name for name, on in (("stationary", out.stationary), ("spectrum", out.spectrum),
                                  ("evolve", out.evolve), ("quantities", out.quantities),
                                  ("stack", out.stack),
                                  ("study", config.study is not None)) if on]
    if not jobs:
        rec.notes.append("no job to run: [outputs] asks for none")
    estimate = config.mesh.error_estimate and out.sphere_jobs
    if config.mesh.error_estimate and not estimate:
        rec.notes.append("mesh.error_estimate: no job on the sphere mesh to estimate")
    start = time.perf_counter()
    results: dict[str, Any] = {}
    try:
        with tqdm(total=len(jobs) + 1 + estimate, desc="fpsphere", unit="job", disable=not progress,
                  leave=False, delay=0.5) as bar:
            mesh = model = None
            if out.sphere_jobs or config.study is not None:
                bar.set_postfix_str("mesh and model")
                with rec.timed("mesh"):
                    mesh = config.build_mesh()
                with rec.timed("model"):
                    model = config.build_model(mesh)
                    model.generator  # noqa: B018  (assemble now, to time it here)
                results["mesh"] = {"kind": config.mesh.kind, "n_cells": mesh.n_cells}
            bar.update()
            for job in jobs:
                bar.set_postfix_str(job)
                with rec.timed(job):
                    if job == "stationary":
                        results[job] = _stationary(config, mesh, model, rec)
                    elif job == "spectrum":
                        results[job] = _spectrum(config, mesh, model, rec)
                    elif job == "evolve":
                        results[job] = _evolve(config, mesh, model, rec, progress)
                    elif job == "quantities":
                        results[job] = {name: QUANTITIES[name](config, mesh)
                                        for name in out.quantities}
                    elif job == "study":
                        results[job] = run_study(
                            config, mesh,
                            rec.file("study.csv") if rec.folder is not None else None,
                            rec.file("study.png") if rec.figures else None, progress)
                    else:
                        results[job] = _stack(config, rec)
                bar.update()
            if estimate:
                bar.set_postfix_str("error estimate (coarser levels)")
                with rec.timed("error_estimate"):
                    errors = _error_estimates(config, results, rec)
                bar.update()
        rec.timings["total"] = time.perf_counter() - start
        summary = {
            "format": SUMMARY_FORMAT, "title": config.title, "source": config.source,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "versions": versions(), "config": config.data, "parameters": config.parameters(),
            "results": results, "timings": rec.timings,
            "files": [], "notes": rec.notes,
        }
        if estimate:
            summary["errors"] = errors
        if folder is not None:
            if config.text is not None:
                folder.file("config.toml").write_text(config.text, encoding="utf-8")
            summary["files"] = sorted([*folder.files, "summary.json"])
            summary["outdir"] = str(folder.path)
            folder.write_json("summary.json", summary)
            folder.commit()
    except BaseException:
        if folder is not None:
            folder.discard()
        raise
    return jsonable(summary)
