"""The ``fpsphere`` command: parsing and validation, then one library call each.

Subcommands
-----------
``mesh``   build an icosahedral mesh, print its quality report, write it to a file.
``run``    the default example: stationary state of a tilted-field macrospin.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from fpsphere import __version__
from fpsphere.errors import FpsphereError

__all__ = ["main"]


def _cmd_mesh(args: argparse.Namespace) -> int:
    from fpsphere.mesh import icosphere, quality_report

    mesh = icosphere(args.level, lloyd=args.lloyd)
    if not args.quiet:
        print(quality_report(mesh))
    if args.output:
        mesh.write(args.output)
        if not args.quiet:
            print(f"wrote {args.output}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from fpsphere.demo import default_run

    default_run(level=args.level, output=args.output, quiet=args.quiet)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fpsphere",
        description="Finite-volume Fokker-Planck dynamics of nanomagnets on the sphere.",
    )
    parser.add_argument("--version", action="version", version=f"fpsphere {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    mesh = sub.add_parser("mesh", help="build an icosahedral sphere mesh and report its quality")
    mesh.add_argument("--level", type=int, default=5, help="bisection level, N = 10*4^level + 2")
    mesh.add_argument("--lloyd", type=int, default=0, help="Lloyd (SCVT) iterations")
    mesh.add_argument("-o", "--output", help="write the mesh to this file (e.g. mesh.vtu)")
    mesh.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    mesh.set_defaults(func=_cmd_mesh)

    run = sub.add_parser("run", help="run the built-in example (stationary state, observables)")
    run.add_argument("--level", type=int, default=5, help="mesh level of the example")
    run.add_argument("-o", "--output", help="also write the density to this VTU file")
    run.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    run.set_defaults(func=_cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``fpsphere`` console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except FpsphereError as err:
        print(f"fpsphere {args.command}: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
