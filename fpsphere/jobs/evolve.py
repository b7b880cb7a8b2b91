"""The ``evolve`` job: the time evolution from ``[initial]``, through ``[protocol]`` if any.

``[outputs] evolve`` (default true when ``[evolve]`` is given).  Writes
``evolution_*.vtu`` and ``evolution.pvd`` (export: every frame carries the density,
the potentials and the probability current of the model acting at that time, and
the time in ns when ``tau_N`` is known, else in tau_N), ``evolution.csv`` and
``evolution.png``.  ``fpsphere evolve --times ... --scheme ... --dt ...``.
"""

from __future__ import annotations

import argparse

import numpy as np

from fpsphere import export, observables
from fpsphere.errors import ConfigError
from fpsphere.jobs import figures, report, tasks
from fpsphere.jobs.registry import JOBS, Command, Job, OutputKey
from fpsphere.solvers import TIME_SCHEMES

__all__ = ["frame_model"]


def frame_model(models: list, ends: tuple[float, ...], t: float):
    """The model acting at time ``t`` (tau_N) of a protocol of ``models`` whose segments
    end at ``ends`` (a time on a boundary belongs to the segment it ends)."""
    k = int(np.searchsorted(np.asarray(ends), t * (1 - 1e-12), side="left"))
    return models[min(k, len(models) - 1)]


def _write_series(ctx, run, models, ends) -> None:
    config, rec = ctx.config, ctx.rec
    tau_n = config.tau_N
    unit = {"time_unit": "ns", "time_scale": tau_n * 1e9} if tau_n else {}
    def model_at(t: float):
        return frame_model(models, ends, t) if models else ctx.model

    with export.SeriesWriter(rec.folder.tmp / "evolution", ctx.mesh, model=model_at,
                             **unit) as writer:
        for t, rho in zip(run.times, run.rho, strict=True):
            writer.write(float(t), rho)
    rec.folder.files.extend([name for _, name in writer.entries] + ["evolution.pvd"])


def _run(ctx) -> dict:
    config, mesh, model, rec = ctx.config, ctx.mesh, ctx.model, ctx.rec
    models = [s.model for s in config.segment_models(mesh)] if config.protocol else []
    run = tasks.evolution(config, mesh, model, progress=ctx.progress, segment_models=models)
    p_up = observables.probability(mesh, run.rho, config.analysis.axis)
    ends = tuple(np.cumsum([s.duration for s in config.protocol]).tolist())
    if rec.export:
        _write_series(ctx, run, models, ends)
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


def _read(table, given: frozenset[str]) -> bool:
    on = table.boolean("evolve", "evolve" in given)
    if on and "evolve" not in given:
        raise ConfigError(f"{table.source}: outputs.evolve = true needs an [evolve] table "
                          "with the output times")
    return on


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--times", type=float, nargs="+", metavar="T",
                        help="increasing output times in tau_N, >= 0 (default: evolve.times "
                             "of CONFIG)")
    parser.add_argument("--scheme", choices=list(TIME_SCHEMES), metavar="SCHEME",
                        help=f"time scheme: {', '.join(TIME_SCHEMES)} (default: CONFIG's or "
                             "tr_bdf2)")
    parser.add_argument("--dt", type=float, help="largest time step in tau_N, > 0 (default: "
                        "CONFIG's, else error-controlled steps)")


def _overrides(args: argparse.Namespace) -> dict:
    times = args.times
    if times is not None:
        bad = [t for t in times if not (np.isfinite(t) and t >= 0)]
        if bad or len(times) == 0 or np.any(np.diff(times) <= 0) or times[-1] <= 0:
            raise ConfigError(f"--times {' '.join(f'{t:g}' for t in times)} is not allowed: "
                              "expected increasing output times >= 0 (tau_N), the last > 0, "
                              "e.g. --times 0.5 1 2")
    if args.dt is not None and not (np.isfinite(args.dt) and args.dt > 0):
        raise ConfigError(f"--dt {args.dt:g} is not allowed: expected a time step > 0 (tau_N)")
    return {"evolve.times": list(times) if times else None, "evolve.scheme": args.scheme,
            "evolve.dt": args.dt}


JOBS.add(Job(
    "evolve", "the time evolution from [initial], through [protocol] if given", _run,
    outputs=(OutputKey("evolve", _read),), report=report.evolve_lines,
    command=Command("time evolution from the initial density",
                    "Only the time evolution from [initial], through [protocol] if given; "
                    "densities exported as a ParaView time series.",
                    arguments=_arguments, overrides=_overrides, require="evolve",
                    hint="give the output times with --times T [T ...] (in tau_N)")))
