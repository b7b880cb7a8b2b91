""":func:`run`: every job of a configuration, its results, files and ``summary.json``.

The order is fixed: checks (:func:`check`: names, figures, the output folder) before
anything is built; then the mesh and the model (when a job needs them), and the
jobs the configuration asks for, in the order of :data:`fpsphere.jobs.JOBS`, each
timed; then ``summary.json`` last and the folder renamed into place.  No job is
named here: each job module declares its runner (:mod:`fpsphere.jobs.registry`).
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

from fpsphere.config import RunConfig
from fpsphere.config.reader import suggestion
from fpsphere.errors import ConfigError
from fpsphere.jobs import estimates, figures
from fpsphere.jobs.output import OutputFolder, jsonable, versions
from fpsphere.jobs.quantities import QUANTITIES, check_names
from fpsphere.jobs.registry import JOBS, JobContext
from fpsphere.mesh import SphereMesh

__all__ = ["SUMMARY_FORMAT", "check", "evaluate", "run"]

SUMMARY_FORMAT = "fpsphere-run/1"
"""The ``format`` entry of ``summary.json``; bumped when its layout changes."""


def check(config: RunConfig, outdir: str | Path | None = None, *,
          overwrite: bool = False) -> None:
    """Everything :func:`run` refuses before computing, checked without writing: known
    quantity names, matplotlib for ``outputs.figures = true`` and, given ``outdir``,
    the output folder (:meth:`OutputFolder.check`).  Raises :class:`ConfigError`."""
    check_names(config)
    if outdir is not None:
        OutputFolder.check(outdir, overwrite=overwrite)
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

    check(config, outdir, overwrite=overwrite)
    folder = OutputFolder(outdir, overwrite=overwrite) if outdir is not None else None
    wants = config.outputs.figures
    rec = _Recorder(folder, export=folder is not None and config.outputs.export,
                    figures=folder is not None and (wants is True or (
                        wants == "auto" and figures.available())))
    if folder is not None and wants == "auto" and not rec.figures:
        rec.notes.append("figures skipped: matplotlib is not installed "
                         "(pip install 'fpsphere[plot]')")
    jobs = JOBS.enabled(config)
    if not jobs:
        rec.notes.append("no job to run: [outputs] asks for none")
    estimate = bool(config.mesh.error_estimate and any(job.estimable for job in jobs))
    if config.mesh.error_estimate and not estimate:
        rec.notes.append("mesh.error_estimate: no job on the sphere mesh to estimate")
    start = time.perf_counter()
    results: dict[str, Any] = {}
    try:
        with tqdm(total=len(jobs) + 1 + estimate, desc="fpsphere", unit="job", disable=not progress,
                  leave=False, delay=0.5) as bar:
            ctx = JobContext(config, None, None, rec, progress)
            if any(job.needs_mesh for job in jobs):
                bar.set_postfix_str("mesh and model")
                with rec.timed("mesh"):
                    ctx.mesh = config.build_mesh()
                with rec.timed("model"):
                    ctx.model = config.build_model(ctx.mesh)
                    ctx.model.generator  # noqa: B018  (assemble now, to time it here)
                results["mesh"] = {"kind": config.mesh.kind, "n_cells": ctx.mesh.n_cells}
            bar.update()
            for job in jobs:
                bar.set_postfix_str(job.name)
                with rec.timed(job.name):
                    results[job.name] = job.run(ctx)
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
