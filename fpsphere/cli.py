"""The ``fpsphere`` command: parsing and validation, then one library call each.

Subcommands
-----------
``run``         a whole study from a TOML configuration (default: the built-in example,
                ``fpsphere/data/default.toml``) into an output folder.
``stationary``  only the stationary state(s) of a configuration.
``spectrum``    only the slowest relaxation rates.
``evolve``      only the time evolution (through the protocol, if any).
``stack``       only the 1D spin-accumulation profile of the ``[stack]``.
``mesh``        build a sphere mesh, print its quality report, write it to a file.
``sweep``       a parameter sweep of a configuration (:mod:`fpsphere.sweep.cli`).

Every job command takes ``CONFIG`` (optional), ``-o OUTDIR``, ``--set KEY=VALUE``
(a dotted key of :mod:`fpsphere.config`, the value in TOML syntax), ``--overwrite``,
``-q/--quiet`` and ``--json`` (the summary on stdout); those on the sphere mesh
(``run``, ``stationary``, ``spectrum``, ``evolve``) take ``--error-estimate``
(``mesh.error_estimate = true``: every numeric result with its estimated mesh
error).  Configuration errors exit with status 2 before any computation and leave no
output behind.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib
import warnings
from collections.abc import Sequence
from pathlib import Path

from fpsphere import __version__
from fpsphere.errors import ConfigError, FpsphereError

__all__ = ["main"]

JOB_OUTPUTS = ("stationary", "spectrum", "evolve", "quantities", "stack")


# ------------------------------------------------------------------ helpers
def _value(text: str) -> object:
    """A ``--set`` value: TOML syntax (``2.5``, ``true``, ``[1, 0, 1]``), else a string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _config(args: argparse.Namespace, overrides: dict[str, object] | None = None,
            drop: Sequence[str] = (), require: str | None = None):
    """The configuration of ``args.config`` (default: built in) with ``--set``, then
    ``drop`` tables removed and ``overrides`` applied; ``require`` names a table that
    must be there (``"evolve"``: the output times)."""
    from fpsphere import config

    if args.config is None:
        data, text = config.default_toml()
        source, base_dir = config.core.DEFAULT_SOURCE, None
    else:
        data, text = config.read_toml(args.config)
        source, base_dir = str(args.config), Path(args.config).resolve().parent
    for item in args.set or ():
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set {item!r} is not allowed: expected KEY=VALUE, e.g. "
                              "--set energy.zeeman.xi=2.0")
        config.set_key(data, key.strip(), _value(raw.strip()))
    if getattr(args, "error_estimate", False):
        config.set_key(data, "mesh.error_estimate", True)
    for key in drop:
        data.pop(key, None)
    for key, value in (overrides or {}).items():
        config.set_key(data, key, value)
    hints = {"evolve": "give the output times with --times T [T ...] (in tau_N)",
             "stack": "give the layers with --layers NAME:NM [NAME:NM ...]"}
    if require is not None and require not in data:
        raise ConfigError(f"{source} has no [{require}] table: {hints[require]}")
    return config.parse(data, source, base_dir=base_dir, text=text)


def _only(job: str) -> dict[str, object]:
    """``[outputs]`` overrides that run ``job`` alone."""
    off = {"stationary": False, "spectrum": 0, "evolve": False, "quantities": [],
           "stack": False}
    return {f"outputs.{k}": v for k, v in off.items() if k != job}


def _run_jobs(args: argparse.Namespace, cfg) -> int:
    from fpsphere import jobs
    from fpsphere.jobs.report import format_summary

    if getattr(args, "dry_run", False):
        if not args.quiet:
            print(json.dumps(cfg.data, indent=2))
        return 0
    progress = not (args.quiet or args.json)
    summary = jobs.run(cfg, args.output, progress=progress, overwrite=args.overwrite)
    if args.json:
        print(json.dumps(summary, indent=2))
    elif not args.quiet:
        print(format_summary(summary))
    return 0


# ----------------------------------------------------------------- commands
def _cmd_run(args: argparse.Namespace) -> int:
    return _run_jobs(args, _config(args))


def _cmd_stationary(args: argparse.Namespace) -> int:
    overrides = {**_only("stationary"), "outputs.stationary": True}
    return _run_jobs(args, _config(args, overrides, drop=("protocol", "evolve")))


def _cmd_spectrum(args: argparse.Namespace) -> int:
    overrides = _only("spectrum")
    cfg = _config(args, overrides, drop=("protocol", "evolve"))
    k = args.k if args.k is not None else (cfg.outputs.spectrum or 6)
    return _run_jobs(args, cfg.updated({"outputs.spectrum": k}))


def _cmd_evolve(args: argparse.Namespace) -> int:
    overrides = {**_only("evolve"), "outputs.evolve": True}
    if args.times:
        overrides["evolve.times"] = list(args.times)
    if args.scheme:
        overrides["evolve.scheme"] = args.scheme
    if args.dt is not None:
        overrides["evolve.dt"] = args.dt
    return _run_jobs(args, _config(args, overrides, require="evolve"))


def _layers(items: Sequence[str]) -> list[dict[str, object]]:
    layers = []
    for item in items:
        parts = item.split(":")
        try:
            layer = {"material": parts[0], "thickness_nm": float(parts[1])}
            if len(parts) == 3:
                layer["angle_deg"] = float(parts[2])
            if len(parts) > 3 or not parts[0]:
                raise ValueError
        except (IndexError, ValueError) as err:
            raise ConfigError(f"--layers {item!r} is not allowed: expected "
                              "NAME:THICKNESS_NM[:ANGLE_DEG], e.g. Cu:200 Py:10:90") from err
        layers.append(layer)
    return layers


def _cmd_stack(args: argparse.Namespace) -> int:
    overrides: dict[str, object] = {**_only("stack"), "outputs.stack": True}
    if args.layers:
        overrides["stack.layers"] = _layers(args.layers)
    for key in ("current_density", "model", "interfaces", "points"):
        if getattr(args, key) is not None:
            overrides[f"stack.{key}"] = getattr(args, key)
    return _run_jobs(args, _config(args, overrides, drop=("protocol", "evolve"),
                                   require="stack"))


def _cmd_mesh(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from fpsphere.config import parse_mesh
    from fpsphere.mesh import quality_report

    table = {"kind": args.kind}
    if args.kind == "icosphere":
        table.update(level=args.level, lloyd=args.lloyd)
    else:
        table["n_rings"] = args.n_rings
        if args.n_per_ring is not None:
            table["n_per_ring"] = args.n_per_ring
    spec = parse_mesh(table, "fpsphere mesh")
    if args.output:
        _check_file_writable(args.output)
    mesh = spec.build()
    quality = quality_report(mesh)
    if args.output:
        mesh.write(args.output)
    if args.json:
        print(json.dumps({"mesh": table, "quality": asdict(quality), "output": args.output},
                         indent=2))
    elif not args.quiet:
        print(quality)
        if args.output:
            print(f"wrote {args.output}")
    return 0


def _check_file_writable(path: str) -> None:
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise ConfigError(f"output {path!r} is a folder: expected a file name (e.g. mesh.vtu)")
    parent = target.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise ConfigError(f"output {path!r} cannot be written (no write access to {parent})")


# ------------------------------------------------------------------- parser
def _job_parser(sub, name: str, help_text: str, description: str) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_text, description=description)
    p.add_argument("config", nargs="?", metavar="CONFIG",
                   help="TOML configuration (default: the built-in example; keys in "
                        "docs/config.md)")
    p.add_argument("-o", "--output", metavar="OUTDIR",
                   help="output folder for summary.json, VTU/PVD fields and PNG figures "
                        "(default: print only, write nothing)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override a dotted key, value in TOML syntax, e.g. --set "
                        "energy.zeeman.xi=2.0 --set mesh.level=4 (repeatable)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace OUTDIR if it exists and is not empty")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print nothing (no report, no progress bar)")
    p.add_argument("--json", action="store_true",
                   help="print the summary as JSON on stdout (machine-readable), no report")
    if name != "stack":
        p.add_argument("--error-estimate", action="store_true",
                       help="estimate the mesh error of every numeric result by re-running on "
                            "the two coarser icosphere levels (Richardson; mesh.error_estimate "
                            "= true; icosphere level >= 2)")
    return p


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fpsphere",
        description="Finite-volume Fokker-Planck dynamics of nanomagnets on the sphere.",
        epilog="Run 'fpsphere COMMAND --help' for the options of a command.")
    parser.add_argument("--version", action="version", version=f"fpsphere {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = _job_parser(sub, "run", "run a whole study from a TOML configuration",
                      "Run every job a TOML configuration asks for ([outputs]); without "
                      "CONFIG the built-in example (a tilted-field free layer with and "
                      "without spin torque).")
    run.add_argument("--dry-run", action="store_true",
                     help="validate and print the normalized configuration (JSON); "
                          "compute nothing")
    run.set_defaults(func=_cmd_run)

    stationary = _job_parser(sub, "stationary", "stationary state(s) and observables",
                             "Only the stationary state of the configured model (and its "
                             "equilibrium reference without spin transfer).")
    stationary.set_defaults(func=_cmd_stationary)

    spectrum = _job_parser(sub, "spectrum", "slowest relaxation rates",
                           "Only the k slowest eigenvalues of the Fokker-Planck operator "
                           "(1/tau_N; imaginary parts: precession).")
    spectrum.add_argument("-k", type=int,
                          help="number of rates (default: outputs.spectrum of CONFIG, else 6)")
    spectrum.set_defaults(func=_cmd_spectrum)

    evolve = _job_parser(sub, "evolve", "time evolution from the initial density",
                         "Only the time evolution from [initial], through [protocol] if "
                         "given; densities exported as a ParaView time series.")
    evolve.add_argument("--times", type=float, nargs="+", metavar="T",
                        help="output times in tau_N (default: evolve.times of CONFIG)")
    evolve.add_argument("--scheme", help="time scheme (backward_euler, crank_nicolson, "
                                         "tr_bdf2, bdf2; default: CONFIG's or tr_bdf2)")
    evolve.add_argument("--dt", type=float, help="largest time step in tau_N")
    evolve.set_defaults(func=_cmd_evolve)

    stack = _job_parser(sub, "stack", "1D spin-accumulation profile of a multilayer",
                        "Only the [stack] of CONFIG (default: Cu/Py/Cu of the built-in "
                        "example): spin accumulation, spin current, R_ne.")
    stack.add_argument("--layers", nargs="+", metavar="NAME:NM[:DEG]",
                       help="layers of the table materials with thickness in nm (and angle "
                            "in degrees), e.g. --layers Cu:200 Py:10 Cu:200")
    stack.add_argument("--current-density", type=float, help="J0 in A/m^2")
    stack.add_argument("--model", choices=("two_channel", "vector"), help="transport model")
    stack.add_argument("--interfaces", choices=("tabulated", "transparent"),
                       help="interface resistances (default: CONFIG's or tabulated)")
    stack.add_argument("--points", type=int, help="about how many grid nodes")
    stack.set_defaults(func=_cmd_stack)

    mesh = sub.add_parser("mesh", help="build a sphere mesh and report its quality",
                          description="Build an icosahedral or latitude-longitude sphere "
                                      "mesh, print its quality report, write it to a file.")
    mesh.add_argument("--kind", choices=("icosphere", "latlon"), default="icosphere",
                      help="mesh family (default icosphere)")
    mesh.add_argument("--level", type=int, default=5,
                      help="icosphere bisection level, N = 10*4^level + 2 (default 5)")
    mesh.add_argument("--lloyd", type=int, default=0, help="icosphere Lloyd (SCVT) iterations")
    mesh.add_argument("--n-rings", type=int, default=40, help="latlon rings (default 40)")
    mesh.add_argument("--n-per-ring", type=int, help="latlon points per ring (default n-rings)")
    mesh.add_argument("-o", "--output", help="write the mesh to this file (e.g. mesh.vtu)")
    mesh.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    mesh.add_argument("--json", action="store_true", help="print the quality report as JSON")
    mesh.set_defaults(func=_cmd_mesh)

    from fpsphere.sweep.cli import add_sweep_parser

    add_sweep_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``fpsphere`` console script; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # --help, --version, usage errors
        return exit.code if isinstance(exit.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 0
    try:
        with warnings.catch_warnings():
            # accuracy warnings are part of the answer: one line each, no source line
            warnings.showwarning = _show_warning
            return args.func(args)
    except FpsphereError as err:
        print(f"fpsphere {args.command}: error: {err}", file=sys.stderr)
        return 2


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"fpsphere: warning: {message}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
