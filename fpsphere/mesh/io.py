"""Mesh files through meshio (VTU and every format meshio knows), written atomically.

A file is read back into a checked :class:`~fpsphere.mesh.sphere.SphereMesh`;
point data (cell-centred fields of the finite-volume scheme) travel alongside.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from fpsphere.errors import MeshError, ParameterError
from fpsphere.mesh.sphere import SphereMesh

__all__ = ["read_mesh", "write_mesh", "atomic_path"]


class atomic_path:  # noqa: N801  (a context manager used like a function)
    """Context manager yielding a temporary path beside ``path``; on success it
    replaces ``path`` atomically, on failure it is removed (no half-written files)."""

    def __init__(self, path: str | os.PathLike, suffix: str | None = None):
        self.path = Path(path)
        self.suffix = self.path.suffix if suffix is None else suffix

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.",
                                   suffix=self.suffix)
        os.close(fd)
        self.tmp = Path(tmp)
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.tmp, 0o666 & ~umask)
            os.replace(self.tmp, self.path)
        elif self.tmp.exists():
            self.tmp.unlink()


def write_mesh(
    mesh: SphereMesh,
    path: str | os.PathLike,
    *,
    point_data: Mapping[str, np.ndarray] | None = None,
    file_format: str | None = None,
) -> None:
    """Write ``mesh`` (points, triangles) and ``point_data`` (N,) or (N, k) fields."""
    import meshio

    data = {}
    for name, values in (point_data or {}).items():
        arr = np.asarray(values)
        if arr.shape[:1] != (mesh.n_cells,):
            raise ParameterError(f"point_data[{name!r}] has shape {arr.shape}, expected "
                                 f"({mesh.n_cells}, ...) (one value per cell)")
        data[name] = arr
    out = meshio.Mesh(np.asarray(mesh.points), [("triangle", np.asarray(mesh.triangles))],
                      point_data=data)
    with atomic_path(path) as tmp:
        meshio.write(tmp, out, file_format=file_format)


def read_mesh(path: str | os.PathLike, *, tol: float = 1e-6) -> SphereMesh:
    """Read a spherical triangulation with meshio and check it (see ``from_triangulation``)."""
    import meshio

    path = Path(path)
    if not path.exists():
        raise ParameterError(f"path={str(path)!r} does not exist")
    raw = meshio.read(path)
    tris = [block.data for block in raw.cells if block.type == "triangle"]
    if not tris:
        kinds = sorted({block.type for block in raw.cells})
        raise MeshError(f"{path} holds no triangles (cell types: {kinds})")
    return SphereMesh.from_triangulation(raw.points[:, :3], np.vstack(tris), tol=tol)
