"""The output folder of a run, written all at once, and the provenance of ``summary.json``.

:class:`OutputFolder` checks the destination before any computation (a file in
the way, a non-empty folder without ``overwrite``, a parent that cannot be
written) and raises :class:`~fpsphere.errors.ConfigError` naming it.  Files go
into a hidden temporary folder beside the destination, renamed into place by
:meth:`OutputFolder.commit` once ``summary.json`` is written: an interrupted or
failed run leaves nothing behind (:meth:`OutputFolder.discard`).
:meth:`OutputFolder.check` makes the same checks without creating anything (a dry
run).  ``overwrite`` replaces only a folder that an earlier run wrote (it has a
``summary.json``): it never deletes a folder of other files.

:func:`terminating` turns SIGTERM into :class:`Terminated` (a ``BaseException``, like
``KeyboardInterrupt`` for Ctrl-C), so that a killed run unwinds through the same
clean-up as an interrupted one and removes its hidden ``.NAME.*.tmp`` folder.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from fpsphere.errors import ConfigError

__all__ = ["OutputFolder", "Terminated", "jsonable", "terminating", "versions"]

#: the file that marks a folder as an fpsphere output (``--overwrite`` replaces only those)
MARKER = "summary.json"


class Terminated(BaseException):  # noqa: N818  (like KeyboardInterrupt, not an error)
    """The process received SIGTERM (raised by the handler of :func:`terminating`)."""


@contextmanager
def terminating() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (main thread only; elsewhere
    a no-op), so ``finally``/``except BaseException`` clean-ups run."""
    def handler(signum, frame):
        raise Terminated(signum)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class OutputFolder:
    """A run's output folder, built in a temporary folder beside ``path``.

    Parameters
    ----------
    path : the destination folder.
    overwrite : replace an existing non-empty folder (only at :meth:`commit`).
    """

    def __init__(self, path: str | os.PathLike, *, overwrite: bool = False):
        self.path = self.check(path, overwrite=overwrite)
        self.created: list[Path] = []
        parent = self.path.parent
        while not parent.exists():
            self.created.append(parent)
            parent = parent.parent
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                             dir=self.path.parent))
        except OSError as err:
            self._remove_created()
            raise ConfigError(f"output folder {str(path)!r} cannot be written: "
                              f"{err.strerror or err} (in {self.path.parent})") from err
        self.files: list[str] = []

    @staticmethod
    def check(path: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """The absolute destination, checked without creating anything: not a file, not
        a non-empty folder (unless ``overwrite`` and it holds a ``summary.json``), a
        nearest existing parent that is a writable folder.  Raises ConfigError."""
        target = Path(path).expanduser().absolute()
        if target.exists() and not target.is_dir():
            raise ConfigError(f"output folder {str(path)!r} is not allowed: a file of that "
                              "name exists (expected a folder path)")
        if target.is_dir() and any(target.iterdir()):
            if not overwrite:
                raise ConfigError(f"output folder {str(path)!r} exists and is not empty: "
                                  "choose another one or overwrite it (--overwrite)")
            if not (target / MARKER).is_file():
                raise ConfigError(f"output folder {str(path)!r} is not allowed with "
                                  f"--overwrite: it has no {MARKER}, so it is not the output "
                                  "of an fpsphere run and is not deleted; choose another "
                                  "folder or empty it yourself")
        parent = target.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
            raise ConfigError(f"output folder {str(path)!r} cannot be written: no write "
                              f"access to {str(parent)!r}")
        return target

    def file(self, name: str) -> Path:
        """The temporary path of the output file ``name`` (recorded in :attr:`files`)."""
        self.files.append(name)
        return self.tmp / name

    def write_json(self, name: str, data: Any) -> Path:
        """Write ``data`` as indented JSON."""
        path = self.file(name)
        path.write_text(json.dumps(jsonable(data), indent=2) + "\n", encoding="utf-8")
        return path

    def commit(self) -> Path:
        """Move the finished folder into place (replacing an old one); returns its path."""
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o777 & ~umask)
        old = None
        if self.path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.", suffix=".old",
                                        dir=self.path.parent))
            os.replace(self.path, old / self.path.name)
        os.replace(self.tmp, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return self.path

    def discard(self) -> None:
        """Remove everything written (the temporary folder and parents it created)."""
        shutil.rmtree(self.tmp, ignore_errors=True)
        self._remove_created()

    def _remove_created(self) -> None:
        for folder in self.created:  # innermost first
            try:
                folder.rmdir()
            except OSError:
                break


def jsonable(value: Any) -> Any:
    """``value`` with numpy scalars and arrays as Python numbers and lists, tuples as
    lists and non-finite floats as ``None`` (strict JSON)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def versions() -> dict[str, str | None]:
    """Versions of Python, fpsphere and the libraries that shape the numbers."""
    out: dict[str, str | None] = {"python": platform.python_version(),
                                  "platform": platform.platform()}
    for name in ("fpsphere", "numpy", "scipy", "pyamg", "meshio", "matplotlib"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out
