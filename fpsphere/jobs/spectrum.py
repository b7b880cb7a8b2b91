"""The ``spectrum`` job: the ``k`` slowest relaxation rates and their modes.

``[outputs] spectrum = k`` (default 0: off).  Writes ``spectrum_*.vtu`` and
``spectrum.pvd`` (export) and ``spectrum.png``.  ``fpsphere spectrum -k K``.
"""

from __future__ import annotations

import argparse

from fpsphere import export
from fpsphere.errors import ConfigError
from fpsphere.jobs import figures, report, tasks
from fpsphere.jobs.registry import JOBS, Command, Job, OutputKey

__all__: list[str] = []

DEFAULT_K = 6


def _run(ctx) -> dict:
    config, model, rec = ctx.config, ctx.model, ctx.rec
    rates, modes = tasks.slowest_rates(model, config.outputs.spectrum, config.operator)
    if rec.export:
        paths = export.write_spectrum(rec.folder.tmp / "spectrum", model, rates=rates,
                                      modes=modes)
        rec.folder.files.extend([p.name for p in paths] + ["spectrum.pvd"])
    if rec.figures:
        figures.spectrum_figure(rates, rec.file("spectrum.png"))
    return {"real": rates.real.tolist(), "imag": rates.imag.tolist()}


def _read(table, given: frozenset[str]) -> int:
    return table.integer("spectrum", 0, low=0)


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-k", type=int, help="number of rates, >= 1 (default: "
                        f"outputs.spectrum of CONFIG, else {DEFAULT_K})")


def _overrides(args: argparse.Namespace) -> dict:
    if args.k is not None and args.k < 1:
        raise ConfigError(f"-k {args.k} is not allowed: expected a number of rates >= 1")
    return {"outputs.spectrum": args.k}


def _finish(args: argparse.Namespace, config):
    if config.outputs.spectrum:
        return config
    return config.updated({"outputs.spectrum": DEFAULT_K})


JOBS.add(Job(
    "spectrum", "the k slowest relaxation rates (1/tau_N) and their modes", _run,
    outputs=(OutputKey("spectrum", _read, off=0, on=None),), report=report.spectrum_lines,
    command=Command("slowest relaxation rates",
                    "Only the k slowest eigenvalues of the Fokker-Planck operator "
                    "(1/tau_N; imaginary parts: precession).",
                    arguments=_arguments, overrides=_overrides, drop=("protocol", "evolve"),
                    finish=_finish)))
