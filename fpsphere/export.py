"""Export of densities to ParaView: single states and time series (VTU + PVD).

``SeriesWriter`` is a callback for :meth:`FokkerPlanck.evolve` (``callback=writer``)
or :func:`fpsphere.protocols.run_protocol`: it writes every ``every``-th state to
``<stem>_<k>.vtu`` (point data ``rho``) and, on :meth:`close`, the collection
``<stem>.pvd`` that ParaView opens as one time series.  Every file is written
atomically (temporary file, then rename): an interrupted run leaves complete files.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.mesh import SphereMesh, write_mesh
from fpsphere.mesh.io import atomic_path

__all__ = ["SeriesWriter", "write_density"]


def write_density(mesh: SphereMesh, rho: np.ndarray, path: str | os.PathLike,
                  **fields: np.ndarray) -> None:
    """Write one density (and any further cell fields) to a VTU file for ParaView."""
    write_mesh(mesh, path, point_data={"rho": np.asarray(rho), **fields})


class SeriesWriter:
    """Callback writing a time series of densities; use as a context manager.

    Parameters
    ----------
    stem : path without suffix, e.g. ``"out/switching"``.
    mesh : SphereMesh
    every : write every ``every``-th call (``>= 1``).
    """

    def __init__(self, stem: str | os.PathLike, mesh: SphereMesh, every: int = 1):
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ParameterError(f"every={every!r} is not allowed: expected an int >= 1")
        self.stem = Path(stem)
        self.mesh = mesh
        self.every = every
        self.calls = 0
        self.entries: list[tuple[float, str]] = []
        self.stem.parent.mkdir(parents=True, exist_ok=True)

    def __call__(self, t: float, rho: np.ndarray) -> None:
        self.calls += 1
        if (self.calls - 1) % self.every:
            return
        name = f"{self.stem.name}_{len(self.entries):05d}.vtu"
        write_density(self.mesh, rho, self.stem.parent / name)
        self.entries.append((float(t), name))

    def close(self) -> Path:
        """Write ``<stem>.pvd`` listing the files with their times; returns its path."""
        lines = ['<?xml version="1.0"?>',
                 '<VTKFile type="Collection" version="0.1" byte_order="LittleEndian">',
                 "  <Collection>"]
        lines += [f'    <DataSet timestep="{t:.12g}" group="" part="0" file="{name}"/>'
                  for t, name in self.entries]
        lines += ["  </Collection>", "</VTKFile>", ""]
        path = self.stem.with_suffix(".pvd")
        with atomic_path(path) as tmp:
            tmp.write_text("\n".join(lines))
        return path

    def __enter__(self) -> SeriesWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close()
