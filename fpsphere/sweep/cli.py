"""The ``fpsphere sweep`` subcommand: parse, validate, one call to :func:`run_config_sweep`.

``fpsphere sweep CONFIG.toml -o OUTDIR [--set KEY=VALUE] [--unset KEY] [--dry-run]
[--overwrite] [--json] [--scheduler ADDRESS] [--workers N] [--quiet]`` runs (or
resumes) the sweep of a run configuration with a ``[sweep]`` table; ``--set``,
``--unset``, ``--dry-run``, ``--json`` and ``--overwrite`` mean what they mean for the
job commands (:mod:`fpsphere.cli`; ``--overwrite`` replaces only a sweep folder, one
with a ``sweep.json``).  :func:`add_sweep_parser` adds it to the ``fpsphere``
command's subparsers.
"""

from __future__ import annotations

import argparse

__all__ = ["add_sweep_parser", "cmd_sweep"]

EPILOG = """\
Without --workers or --scheduler the points run in this process.  --workers N runs
them on N local processes; --scheduler ADDRESS (tcp://host:8786) on a Dask cluster,
--scheduler local on a Dask LocalCluster of --workers processes.  Finished points are
checkpointed in OUTDIR/results.jsonl as they arrive: rerun the same command to
resume.  The table is written to OUTDIR/results.csv and OUTDIR/results.npz.
"""


def _clear(outdir: str) -> None:
    """Remove ``outdir`` for ``--overwrite`` if it is a sweep folder (has ``sweep.json``)."""
    import shutil
    from pathlib import Path

    from fpsphere.errors import ConfigError

    path = Path(outdir)
    if not path.exists():
        return
    if not (path / "sweep.json").is_file():
        raise ConfigError(f"output folder {outdir!r} is not allowed with --overwrite: it has "
                          "no sweep.json, so it is not the output of a sweep and is not "
                          "deleted; choose another folder")
    shutil.rmtree(path)


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run the sweep of ``args.config`` into ``args.output``; print a summary."""
    import json
    import sys

    from fpsphere.jobs.commandline import read_config_data
    from fpsphere.sweep.configured import parse_sweep, run_config_sweep

    data, _, source, base_dir = read_config_data(args)
    spec = parse_sweep(data, source, base_dir=base_dir)
    if args.dry_run:
        if not args.quiet:
            points = sum(1 for _ in spec.sweep().points())
            print(json.dumps({"points": points, "quantities": list(spec.quantities),
                              "axes": [a.key for a in spec.axes], "base": spec.base.data},
                             indent=2))
        return 0
    if args.overwrite:
        _clear(args.output)
    progress = not (args.quiet or args.json) and sys.stderr.isatty()
    outcome = run_config_sweep(spec, args.output, scheduler=args.scheduler,
                               workers=args.workers, progress=progress,
                               max_points=args.max_points, retry_errors=args.retry_errors)
    if args.json:
        print(json.dumps({"complete": outcome.complete, "computed": outcome.computed,
                          "skipped": outcome.skipped, "failed": outcome.failed,
                          "remaining": outcome.remaining, "outdir": str(outcome.outdir)},
                         indent=2))
    elif not args.quiet:
        state = "complete" if outcome.complete else f"{outcome.remaining} points left"
        print(f"sweep {state}: {outcome.computed} computed, {outcome.skipped} already done, "
              f"{outcome.failed} failed; table in {outcome.outdir / 'results.csv'}")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text}")
    return value


def add_sweep_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``sweep`` to an ``argparse`` subparsers object; returns its parser.

    The parser sets ``func=cmd_sweep`` (the ``fpsphere`` CLI calls ``args.func(args)``).
    """
    parser = subparsers.add_parser(
        "sweep", help="run a parameter sweep of a config with a [sweep] table (resumable)",
        description="Run a parameter sweep: a run configuration with a [sweep] table.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", help="TOML run configuration with a [sweep] table")
    parser.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                        help="output directory (reuse it to resume)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler address, or 'local' for a LocalCluster")
    parser.add_argument("--workers", type=_positive, metavar="N",
                        help="worker processes (default: run in this process)")
    parser.add_argument("--max-points", type=int, default=None, metavar="K",
                        help="stop after K new points (resume later)")
    parser.add_argument("--retry-errors", action="store_true",
                        help="recompute points that failed in an earlier run")
    parser.add_argument("--set", action="append", metavar="KEY=VALUE",
                        help="override a dotted key (also sweep.*), value in TOML syntax "
                             "(repeatable)")
    parser.add_argument("--unset", action="append", metavar="KEY",
                        help="remove a dotted key or table (repeatable; after --set)")
    parser.add_argument("--overwrite", action="store_true",
                        help="start afresh: delete OUTDIR first if it is a sweep folder (has "
                             "sweep.json); without it a rerun resumes")
    parser.add_argument("--dry-run", action="store_true",
                        help="validate every point; print the points count, axes and base "
                             "configuration (JSON); compute and write nothing")
    parser.add_argument("--json", action="store_true",
                        help="print the outcome as JSON on stdout")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress bar, no summary")
    parser.set_defaults(func=cmd_sweep)
    return parser
