"""The ``fpsphere`` command: parsing and validation, then one library call each.

Subcommands
-----------
``run``         every job a TOML configuration asks for (default: the built-in
                example, ``fpsphere/data/default.toml``), into an output folder.
one per job     each job of :data:`fpsphere.jobs.JOBS` with a command-line
                :class:`~fpsphere.jobs.Command` (``stationary``, ``spectrum``,
                ``evolve``, ``stack``): that job alone; built in a loop from the registry.
``mesh``        build a sphere mesh, print its quality report, write it (``-o`` folder
                or ``--file``).
``sweep``       a parameter sweep of a configuration (:mod:`fpsphere.sweep.cli`).
``keys``        the names a configuration may use, from the registries.

Every job command takes ``CONFIG`` (optional), ``-o OUTDIR`` (a folder, like every
``-o``), ``--set KEY=VALUE`` (a dotted key of :mod:`fpsphere.config`, the value in TOML
syntax), ``--unset KEY``, ``--overwrite`` (only a folder an earlier run wrote),
``--dry-run`` (every check of the real run, nothing computed or written), ``-q``
and ``--json``; those on the sphere mesh take ``--error-estimate``.  Configuration
errors exit with status 2 before any computation and leave no output behind;
Ctrl-C exits with 130 and SIGTERM with 143, removing the unfinished output folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import warnings
from collections.abc import Sequence

from fpsphere import __version__
from fpsphere.errors import ConfigError, FpsphereError
from fpsphere.jobs.commandline import job_config

__all__ = ["main"]


# ------------------------------------------------------------------ job commands
def _cmd_job(args: argparse.Namespace) -> int:
    """Run ``args.job`` (None: ``run``); print the report or the JSON summary."""
    from fpsphere import jobs
    from fpsphere.jobs.report import format_summary

    cfg = job_config(args)
    if args.dry_run:
        jobs.check(cfg, args.output, overwrite=args.overwrite)
        if not args.quiet:
            print(json.dumps(cfg.data, indent=2))
        return 0
    # a bar only where it can be redrawn and cleared (a terminal), never into the report
    progress = not (args.quiet or args.json) and sys.stderr.isatty()
    summary = jobs.run(cfg, args.output, progress=progress, overwrite=args.overwrite)
    if args.json:
        print(json.dumps(summary, indent=2))
    elif not args.quiet:
        heading = (None if args.job is None else
                   f"fpsphere {args.job}: the {args.job} job of {cfg.source}")
        print(format_summary(summary, heading))
    return 0


def add_config_options(p: argparse.ArgumentParser, *, output_help: str) -> None:
    """``CONFIG``, ``-o``, ``--set``, ``--unset``, ``--overwrite``, ``--dry-run``, ``-q``,
    ``--json``: the options of every command that reads a configuration."""
    p.add_argument("config", nargs="?", metavar="CONFIG",
                   help="TOML configuration (default: the built-in example; keys in "
                        "docs/reference/config.md, names in `fpsphere keys`)")
    p.add_argument("-o", "--output", metavar="OUTDIR", help=output_help)
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override a dotted key, value in TOML syntax, e.g. --set "
                        "energy.zeeman.xi=2.0 --set mesh.level=4 (repeatable)")
    p.add_argument("--unset", action="append", metavar="KEY",
                   help="remove a dotted key or table, e.g. --unset spin_transfer "
                        "(repeatable; after --set)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace OUTDIR if it is the output of an earlier run (it has a "
                        "summary.json); other folders are never deleted")
    p.add_argument("--dry-run", action="store_true",
                   help="every check of the real run (configuration, names, output folder); "
                        "print the normalized configuration (JSON); compute and write nothing")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print nothing (no report, no progress bar)")
    p.add_argument("--json", action="store_true",
                   help="print the summary as JSON on stdout (machine-readable), no report")


def _job_parser(sub, name: str, help_text: str, description: str, *,
                mesh: bool) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_text, description=description)
    add_config_options(p, output_help="output folder for summary.json, VTU/PVD fields and "
                                      "PNG figures (default: print only, write nothing)")
    if mesh:
        p.add_argument("--error-estimate", action="store_true",
                       help="estimate the mesh error of every numeric result by re-running on "
                            "the two coarser icosphere levels (Richardson; mesh.error_estimate "
                            "= true; icosphere level >= 2)")
    return p


def _add_job_commands(sub) -> None:
    """``run``, then one subcommand per job of :data:`JOBS` that declares a command."""
    from fpsphere.jobs import JOBS

    names = ", ".join(JOBS)
    run = _job_parser(sub, "run", "run every job a TOML configuration asks for",
                      f"Run every job a TOML configuration asks for ([outputs]; jobs: {names}); "
                      "without CONFIG the built-in example (a tilted-field free layer with "
                      "and without spin torque).", mesh=True)
    run.set_defaults(func=_cmd_job, job=None)
    for name in JOBS:
        job = JOBS[name]
        if job.command is None:
            continue
        p = _job_parser(sub, name, job.command.help, job.command.description,
                        mesh=job.needs_mesh)
        if job.command.arguments is not None:
            job.command.arguments(p)
        p.set_defaults(func=_cmd_job, job=name)


# ----------------------------------------------------------------------- mesh
#: mesh file formats of ``fpsphere mesh --file`` (meshio writes, fpsphere.read_mesh reads)
MESH_SUFFIXES = (".vtu", ".vtk", ".obj", ".off", ".ply", ".msh")
#: the ``[mesh]`` keys that ``fpsphere mesh`` has options for
MESH_FLAGS = ("level", "lloyd", "n_rings", "n_per_ring")


def _mesh_options() -> dict[str, tuple[str, ...]]:
    """The options of each ``--kind``: the keys of :data:`fpsphere.config.physics.MESH_KINDS`
    that have a flag (a mesh file is read, not built, so ``file`` has none)."""
    from fpsphere.config.physics import MESH_KINDS

    return {kind: tuple(k for k in spec.keys if k in MESH_FLAGS)
            for kind, spec in MESH_KINDS.items() if kind != "file"}


def _cmd_mesh(args: argparse.Namespace) -> int:
    from dataclasses import asdict
    from pathlib import Path

    from fpsphere.config import parse_mesh
    from fpsphere.export import checked_path
    from fpsphere.jobs.output import OutputFolder, jsonable
    from fpsphere.mesh import quality_report

    table = {"kind": args.kind, **{key: getattr(args, key) for key in _mesh_options()[args.kind]
                                   if getattr(args, key) is not None}}
    spec = parse_mesh(table, "fpsphere mesh")
    if args.output and Path(args.output).suffix and not Path(args.output).is_dir():
        raise ConfigError(f"-o {args.output!r} is not allowed: it looks like a file name, and "
                          "-o is an output folder (it receives mesh.vtu and summary.json); "
                          f"write one mesh file with --file NAME ({', '.join(MESH_SUFFIXES)})")
    if args.file:
        suffix = Path(args.file).suffix.lower()
        if suffix not in MESH_SUFFIXES:
            raise ConfigError(f"--file {args.file!r} is not allowed: expected a file name "
                              f"ending in {', '.join(MESH_SUFFIXES)}")
        try:
            checked_path(args.file, MESH_SUFFIXES, name="--file")
        except FpsphereError as err:
            raise ConfigError(str(err)) from err
    folder = OutputFolder(args.output, overwrite=args.overwrite) if args.output else None
    try:
        mesh = spec.build()
        quality = quality_report(mesh)
        report = {"mesh": table, "quality": asdict(quality), "output": args.output,
                  "file": args.file}
        if folder is not None:
            mesh.write(folder.file("mesh.vtu"))
            folder.write_json("summary.json", report)
            folder.commit()
    except BaseException:
        if folder is not None:
            folder.discard()
        raise
    if args.file:
        mesh.write(args.file)
    if args.json:
        print(json.dumps(jsonable(report), indent=2))
    elif not args.quiet:
        print(quality)
        for path in filter(None, (args.output and f"{args.output}/mesh.vtu", args.file)):
            print(f"wrote {path}")
    return 0


def _add_mesh_parser(sub) -> None:
    mesh = sub.add_parser("mesh", help="build a sphere mesh and report its quality",
                          description="Build an icosahedral or latitude-longitude sphere "
                                      "mesh, print its quality report, write it to an output "
                                      "folder (-o) or a mesh file (--file).")
    mesh.add_argument("--kind", choices=list(_mesh_options()), default="icosphere",
                      help="mesh family (default icosphere)")
    mesh.add_argument("--level", type=int, default=5,
                      help="icosphere bisection level, N = 10*4^level + 2 (default 5)")
    mesh.add_argument("--lloyd", type=int, default=0, help="icosphere Lloyd (SCVT) iterations")
    mesh.add_argument("--n-rings", type=int, default=40, help="latlon rings (default 40)")
    mesh.add_argument("--n-per-ring", type=int, help="latlon points per ring (default n-rings)")
    mesh.add_argument("-o", "--output", metavar="OUTDIR",
                      help="output folder: mesh.vtu and summary.json (the quality report)")
    mesh.add_argument("--file", metavar="FILE",
                      help=f"write the mesh to this one file ({', '.join(MESH_SUFFIXES)})")
    mesh.add_argument("--overwrite", action="store_true",
                      help="replace OUTDIR if it is the output of an earlier run")
    mesh.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    mesh.add_argument("--json", action="store_true", help="print the quality report as JSON")
    mesh.set_defaults(func=_cmd_mesh)


# ----------------------------------------------------------------------- keys
def registries() -> dict[str, object]:
    """Every registry a user names things from, by a short title (``fpsphere keys``)."""
    import fpsphere.coupling
    import fpsphere.energy
    from fpsphere import config, solvers
    from fpsphere.jobs import JOBS, QUANTITIES
    from fpsphere.studies import STUDIES

    return {
        "energy terms ([energy] tables)": getattr(fpsphere.energy, "ENERGY_TERMS", None),
        "spin-transfer sources (spin_transfer.source)": getattr(
            fpsphere.coupling, "SPIN_TRANSFER_SOURCES", config.SPIN_TRANSFER_SOURCES),
        "studies (study.kind)": STUDIES,
        "jobs (commands, [outputs])": JOBS,
        "discretizations (automatic choice)": solvers.DISCRETIZATIONS,
        "time schemes (evolve.scheme, --scheme)": solvers.timestepping.TIME_SCHEMES,
        "quantities (outputs.quantities, sweep quantity)": QUANTITIES,
    }


def _doc(registry, name: str) -> str:
    if hasattr(registry, "doc"):
        text = registry.doc(name)
        if text:
            return text
    entry = registry[name]
    doc = getattr(entry, "doc", None) or getattr(entry, "__doc__", None) or ""
    if not callable(entry) and type(entry).__doc__ == doc:
        doc = ""
    line = doc.strip().splitlines()[0] if doc.strip() else ""
    return re.sub(r":\w+:`~?([^`]+)`", r"\1", line).replace("``", "`")  # plain text


def _cmd_keys(args: argparse.Namespace) -> int:
    tables = {title: {n: _doc(reg, n) for n in reg} for title, reg in registries().items()
              if reg is not None}
    if args.which:
        tables = {t: v for t, v in tables.items() if args.which.lower() in t.lower()}
        if not tables:
            raise ConfigError(f"keys {args.which!r} is not allowed: expected a word of "
                              f"{', '.join(registries())}")
    if args.json:
        print(json.dumps(tables, indent=2))
        return 0
    for title, names in tables.items():
        print(f"{title}:")
        width = max((len(n) for n in names), default=0)
        for n, doc in names.items():
            print(f"  {n:<{width}}  {doc}".rstrip())
    return 0


def _add_keys_parser(sub) -> None:
    keys = sub.add_parser("keys", help="list the names a configuration may use (registries)",
                          description="List the registries: energy terms, spin-transfer "
                                      "sources, studies, jobs, discretizations, time schemes "
                                      "and quantities, with their one-line docs.")
    keys.add_argument("which", nargs="?", help="only the registries whose title has this "
                                               "word (e.g. studies, schemes)")
    keys.add_argument("--json", action="store_true", help="print them as JSON")
    keys.set_defaults(func=_cmd_keys)


# ----------------------------------------------------------------------- main
def _parser() -> argparse.ArgumentParser:
    from fpsphere.sweep.cli import add_sweep_parser

    parser = argparse.ArgumentParser(
        prog="fpsphere",
        description="Finite-volume Fokker-Planck dynamics of nanomagnets on the sphere.",
        epilog="Run 'fpsphere COMMAND --help' for the options of a command.")
    parser.add_argument("--version", action="version", version=f"fpsphere {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_job_commands(sub)
    _add_mesh_parser(sub)
    add_sweep_parser(sub)
    _add_keys_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``fpsphere`` console script; returns the exit status."""
    from fpsphere.jobs.output import Terminated, terminating

    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # --help, --version, usage errors
        return exit.code if isinstance(exit.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 0
    name = f"fpsphere {args.command}"
    try:
        with warnings.catch_warnings(), terminating():
            # accuracy warnings are part of the answer: one line each, no source line
            warnings.showwarning = _show_warning
            return args.func(args)
    except FpsphereError as err:
        print(f"{name}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\n{name}: interrupted (Ctrl-C); {_left(args)}", file=sys.stderr)
        return 130
    except Terminated:
        print(f"{name}: terminated (SIGTERM); {_left(args)}", file=sys.stderr)
        return 143
    except BrokenPipeError:  # `fpsphere ... --json | head`: the reader left; say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _left(args: argparse.Namespace) -> str:
    """What an interrupted command leaves behind, in words."""
    if args.command == "sweep":
        return "the points finished so far are kept: rerun the same command to resume"
    return "nothing was written" if getattr(args, "output", None) else "no output requested"


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"fpsphere: warning: {message}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
