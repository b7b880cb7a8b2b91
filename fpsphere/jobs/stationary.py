"""The ``stationary`` job: the stationary state(s) of the model and their observables.

``[outputs] stationary`` (default true, except for a pure ``[stack]`` or ``[cell]``
study) switches it on, ``equilibrium_reference`` adds the state without spin
transfer.  Writes ``stationary_<name>.vtu`` (export) and ``stationary.png``.
Computation in :func:`fpsphere.jobs.tasks.stationary_states`.
"""

from __future__ import annotations

from fpsphere import export
from fpsphere.jobs import figures, report, tasks
from fpsphere.jobs.registry import JOBS, Command, Job, OutputKey

__all__: list[str] = []


def _run(ctx) -> dict:
    config, mesh, rec = ctx.config, ctx.mesh, ctx.rec
    states = tasks.stationary_states(config, mesh, ctx.model)
    if rec.export:
        for state in states:
            export.write_state(rec.file(f"stationary_{state.name}.vtu"), state.model, state.rho)
    if rec.figures:
        figures.stationary_figure(mesh, states, rec.file("stationary.png"))
    return {s.name: s.summary(config.analysis.axis) for s in states}


def _read(table, given: frozenset[str]) -> bool:
    return table.boolean("stationary", "energy" in given or "stack" not in given)


def _read_reference(table, given: frozenset[str]) -> bool:
    return table.boolean("equilibrium_reference", True)


JOBS.add(Job(
    "stationary", "stationary state(s) and observables (with spin transfer: also the "
    "equilibrium reference)", _run,
    report=report.stationary_lines,
    outputs=(OutputKey("stationary", _read), OutputKey("equilibrium_reference",
                                                       _read_reference, off=True, on=None)),
    command=Command("stationary state(s) and observables",
                    "Only the stationary state of the configured model (and its "
                    "equilibrium reference without spin transfer).",
                    drop=("protocol", "evolve"))))
