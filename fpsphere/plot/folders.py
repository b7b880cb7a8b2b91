"""Where example scripts write: a folder they are told, or a fresh one they print.

The scripts of ``examples/`` never write into the current directory or the
repository: :func:`run_example` parses ``[OUT] [--out DIR] [--quick]``, makes the
folder with :func:`output_folder` (default: a fresh folder under the system
temporary directory, ``fpsphere-<example>-XXXXXXXX``), says where it is before the
work starts, runs the example's ``main(outdir=..., show=True)`` and lists the
files it wrote.
"""

from __future__ import annotations

import argparse
import inspect
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from fpsphere.errors import ParameterError

__all__ = ["output_folder", "run_example"]


def output_folder(folder: str | os.PathLike | None = None, *, name: str = "example",
                  announce: bool = True) -> Path:
    """The folder results go to, created if missing; returns its absolute path.

    Parameters
    ----------
    folder : str or os.PathLike, optional
        A folder (created with its parents if missing), or None: a fresh folder
        ``fpsphere-<name>-XXXXXXXX`` under the system temporary directory
        (``tempfile.gettempdir()``, ``TMPDIR`` on Unix) that did not exist before.
    name : str
        The example's name, part of the fresh folder's name.
    announce : bool
        Print ``results go to <folder>`` (stdout).
    """
    if folder is None:
        path = Path(tempfile.mkdtemp(prefix=f"fpsphere-{name}-"))
    else:
        try:
            path = Path(os.fspath(folder)).expanduser()
        except TypeError:
            raise ParameterError(f"folder={folder!r} is not allowed: expected a path "
                                 "(str or os.PathLike) or None") from None
        if path.exists() and not path.is_dir():
            raise ParameterError(f"folder={str(folder)!r} is not allowed: it is a file; "
                                 "expected a folder (existing or to be created)")
        path.mkdir(parents=True, exist_ok=True)
    path = path.resolve()
    if announce:
        print(f"results go to {path}", flush=True)
    return path


def _shown(value) -> str:
    """A setting as the help shows it (meshes by their description)."""
    if hasattr(value, "n_cells"):
        from fpsphere.mesh.describe import describe_mesh

        return describe_mesh(value)
    return repr(value)


def _parser(prog: str, description: str, quick: Mapping[str, Any] | None):
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("folder", nargs="?", metavar="OUT",
                        help="output folder (default: a fresh folder under the system "
                             "temporary directory, printed)")
    parser.add_argument("--out", metavar="DIR", help="output folder (same as OUT)")
    if quick is not None:
        settings = ", ".join(f"{k}={_shown(v)}" for k, v in quick.items())
        parser.add_argument("--quick", action="store_true",
                            help=f"coarse settings ({settings}): seconds, for a first look")
    return parser


def run_example(main: Callable[..., Any], description: str | None = None,
                argv: Sequence[str] | None = None, *,
                quick: Mapping[str, Any] | None = None) -> Any:
    """Run an example's ``main`` from the command line; returns what it returns.

    Parameters
    ----------
    main : callable
        The example's ``main``, called as ``main(outdir=folder, show=True,
        **settings)``.
    description : str, optional
        The ``--help`` text (the example's docstring; its first line is used).
    argv : sequence of str, optional
        The arguments (default ``sys.argv[1:]``): ``[OUT] [--out DIR] [--quick]``.
    quick : mapping, optional
        Keyword arguments of ``main`` that make a coarse, fast run, used with
        ``--quick``; None: no ``--quick`` option.
    """
    source = inspect.getsourcefile(main) or "example.py"
    name = Path(source).stem
    text = (description or "").strip().splitlines()
    parser = _parser(f"{name}.py", text[0] if text else None, quick)
    args = parser.parse_args(argv)
    if args.folder is not None and args.out is not None and args.folder != args.out:
        parser.error(f"two output folders: OUT={args.folder!r} and --out={args.out!r}")
    folder = output_folder(args.out if args.out is not None else args.folder, name=name)
    settings = dict(quick) if quick is not None and args.quick else {}
    result = main(outdir=folder, show=True, **settings)
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    shown = ", ".join(written[:8]) + (f", ... ({len(written)} files)" if len(written) > 8
                                      else "")
    print(f"wrote {shown or 'nothing'} into {folder}", flush=True)
    return result
