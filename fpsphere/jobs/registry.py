"""The registry of jobs, :data:`JOBS`: what a run computes, and the commands that run one.

Each job module of :mod:`fpsphere.jobs` (``stationary``, ``spectrum``, ``evolve``,
``quantities``, ``stack``, ``study``) declares one :class:`Job` next to its code: its
name, the ``[outputs]`` key(s) that switch it on (:class:`OutputKey`, with their
reader and their "off" value), whether it needs the sphere mesh and model, its
runner and, optionally, its command-line subcommand (:class:`Command`: help text,
extra arguments, the configuration overrides they apply).  The order of
registration is the order in which a run executes them (the imports of
:mod:`fpsphere.jobs`).

Everything else reads this registry: :func:`fpsphere.jobs.run` loops over it,
:func:`fpsphere.config.runs.read_outputs` reads the ``[outputs]`` keys that
:meth:`JOBS.add <_Jobs.add>` registers in :data:`fpsphere.config.runs.OUTPUT_KEYS` (the
configuration is below the jobs and never imports them), and :mod:`fpsphere.cli`
builds one subcommand per job with a :class:`Command`.

Depends on :mod:`fpsphere.registry` and :class:`fpsphere.config.runs.OutputKey` (the
other types it names are duck-typed).
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fpsphere.config.runs import OUTPUT_KEYS, OutputKey
from fpsphere.registry import Registry

__all__ = ["JOBS", "Command", "Job", "JobContext", "OutputKey", "job_overrides"]


@dataclass(frozen=True)
class Command:
    """The subcommand ``fpsphere NAME`` that runs one job alone.

    A job that ``needs_mesh`` also gets ``--error-estimate``; every job command gets the
    common options of :func:`fpsphere.cli.add_config_options`.

    Attributes
    ----------
    help : str
        One line (``fpsphere --help``).
    description : str
        The command's own help.
    arguments : callable or None
        ``(parser) -> None``, adding the job's own options.
    overrides : callable or None
        ``(args) -> {dotted key: value}`` from those options (None values are
        skipped), applied after ``--set``/``--unset``.
    require : str or None
        A table that must be in the configuration.
    hint : str
        How to give the ``require`` table from the command line.
    drop : tuple of str
        Tables that do not apply to this job (removed before parsing).
    finish : callable or None
        ``(args, config) -> config``, a last adjustment on the parsed
        configuration (``spectrum``: the default ``k``), or a ``ConfigError``.
    """

    help: str
    description: str
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    overrides: Callable[[argparse.Namespace], dict[str, Any]] | None = None
    require: str | None = None
    hint: str = ""
    drop: tuple[str, ...] = ()
    finish: Callable[[argparse.Namespace, Any], Any] | None = None


@dataclass
class JobContext:
    """What a job's runner receives: the configuration, the mesh and model (None for
    jobs that need neither), the run's recorder (``rec.folder`` None: no files;
    ``rec.file(name)``, ``rec.export``, ``rec.figures``) and ``progress``."""

    config: Any
    mesh: Any
    model: Any
    rec: Any
    progress: bool = False


@dataclass(frozen=True)
class Job:
    """One entry of :data:`JOBS`.

    Attributes
    ----------
    name : str
        The job's name (the key of its results in ``summary.json``).
    doc : str
        One line.
    run : callable
        ``(JobContext) -> dict`` (JSON-able results).
    enabled : callable or None
        ``(config) -> bool``; default: the first of ``outputs`` is truthy.
    needs_mesh : bool
        The job needs the sphere mesh and the Fokker-Planck model.
    outputs : tuple of OutputKey
        The ``[outputs]`` keys it reads (the first switches it on).
    off_tables : tuple of str
        Tables removed to switch it off when another job runs alone
        (jobs switched on by a table, like ``[study]``).
    command : Command or None
        Its subcommand, or None.
    estimable : bool
        ``mesh.error_estimate`` reruns it on coarser meshes (default: when it
        needs the mesh).
    report : callable or None
        ``(result, errors) -> lines`` of the printed report (None: none);
        ``errors`` is the summary's ``errors`` block (``{}`` without one).
    """

    name: str
    doc: str
    run: Callable[[JobContext], dict]
    enabled: Callable[[Any], bool] | None = None
    needs_mesh: bool = True
    outputs: tuple[OutputKey, ...] = ()
    off_tables: tuple[str, ...] = ()
    command: Command | None = None
    estimable: bool | None = None
    report: Callable[[dict, dict], list[str]] | None = None

    def __post_init__(self) -> None:
        if self.estimable is None:
            object.__setattr__(self, "estimable", self.needs_mesh)

    def is_on(self, config) -> bool:
        """Whether ``config`` asks for this job."""
        if self.enabled is not None:
            return bool(self.enabled(config))
        return bool(self.outputs) and bool(getattr(config.outputs, self.outputs[0].name))


class _Jobs(Registry[Job]):
    def add(self, job: Job) -> Job:
        """Register ``job`` under its name (``doc`` from the entry) and its ``[outputs]``
        keys in :data:`fpsphere.config.runs.OUTPUT_KEYS` (the first one switches it on)."""
        self.register(job.name, job, doc=job.doc)
        for k, key in enumerate(job.outputs):
            OUTPUT_KEYS.register(key.name, dataclasses.replace(
                key, job=job.name if k == 0 else "", sphere=job.needs_mesh),
                doc=f"[outputs] of the {job.name} job")
        return job

    def output_keys(self) -> dict[str, OutputKey]:
        """Every ``[outputs]`` key of every job, by name."""
        return {key.name: key for name in self for key in self[name].outputs}

    def enabled(self, config) -> list[Job]:
        """The jobs ``config`` asks for, in run order."""
        return [self[name] for name in self if self[name].is_on(config)]


JOBS: _Jobs = _Jobs("job")
"""Job name -> :class:`Job`, in run order."""


def job_overrides(only: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """``(overrides, drop)``: the ``[outputs]`` values and the tables to remove so that
    the job ``only`` runs alone (its own first key is set on by its command)."""
    overrides: dict[str, Any] = {}
    drop: list[str] = []
    for name in JOBS:
        if name == only:
            continue
        job = JOBS[name]
        overrides.update({f"outputs.{key.name}": key.off for key in job.outputs[:1]})
        drop.extend(job.off_tables)
    return overrides, tuple(drop)
