"""Icosahedral sphere meshes: recursive bisection, optional Lloyd smoothing, cache.

``icosphere(level)`` subdivides the icosahedron ``level`` times (each triangle
into four, new vertices at normalized edge midpoints), giving
``N = 10 * 4**level + 2`` cells.  The icosahedron is placed with vertices at the
poles ``(0, 0, +-1)`` so that axial problems along ``z`` have a cell centred on
each pole.

``lloyd=k`` applies ``k`` Lloyd iterations towards a spherical centroidal
Voronoi tessellation (SCVT): each generator moves to the spherical centroid of
its Voronoi cell, connectivity fixed.  Whether this helps the finite-volume
accuracy here is measured in ``docs/explanation/mesh.md``.

Sizes are bounded before anything is allocated: at most :data:`MAX_CELLS` cells
(level :data:`MAX_LEVEL`) and :data:`MAX_LLOYD_WORK` cell-iterations of Lloyd
smoothing; :func:`size_problem` states the estimate (cells, memory, Lloyd time)
of a request beyond, for this function, :func:`fpsphere.latlon` and the
``[mesh]`` table of a run configuration.

Meshes of level >= ``CACHE_FROM_LEVEL`` are cached as ``.npz`` in the user
cache directory (``$FPSPHERE_CACHE_DIR``, else ``$XDG_CACHE_HOME/fpsphere``,
else ``~/.cache/fpsphere``), written atomically.
"""

from __future__ import annotations

import math
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mesh.sphere import SphereMesh

__all__ = ["icosphere", "icosahedron", "cache_dir", "icosphere_cells", "size_problem",
           "CACHE_FROM_LEVEL", "MAX_CELLS", "MAX_LEVEL", "MAX_LLOYD", "MAX_LLOYD_WORK"]

CACHE_FROM_LEVEL = 7
MAX_LEVEL = 9
"""The finest icosphere level (2,621,442 cells; level 10 would need about 21 GB)."""
MAX_CELLS = 10 * 4**MAX_LEVEL + 2
"""The most cells of any generated mesh (icosphere or latitude-longitude)."""
BYTES_PER_CELL = 2000
"""Memory estimate per cell (bytes): a stationary solve on icosphere(8) peaks at
about 1.3 kB per cell (824 MB, measured), rounded up for spectra and evolutions."""
MAX_LLOYD = 1000
"""The most Lloyd iterations (they converge in far fewer)."""
MAX_LLOYD_WORK = 20_000_000
"""The most Lloyd work, cells x iterations: about a minute (2.7 us per cell and
iteration measured on icosphere(8), 0.25 ms per iteration on small meshes)."""


def _float(n: int) -> float:
    """``n`` as a float, ``inf`` beyond the float range (no OverflowError)."""
    try:
        return float(n)
    except OverflowError:
        return math.inf


def size_problem(n_cells: int, lloyd: int = 0) -> str | None:
    """Why a mesh of ``n_cells`` cells smoothed by ``lloyd`` Lloyd iterations is too
    large to build (the estimate and the limit, in words), or None when it fits."""
    n_cells, lloyd = int(n_cells), int(lloyd)
    if n_cells > MAX_CELLS:
        gb = _float(n_cells) * BYTES_PER_CELL / 1e9
        memory = f"about {gb:.3g} GB of memory" if math.isfinite(gb) else "unbounded memory"
        return (f"{_count(n_cells)} cells need {memory} (estimate "
                f"{BYTES_PER_CELL} bytes per cell); at most {MAX_CELLS:,} cells are allowed "
                f"(icosphere level {MAX_LEVEL}, about {MAX_CELLS * BYTES_PER_CELL / 1e9:.2g} GB)")
    if lloyd > MAX_LLOYD or n_cells * lloyd > MAX_LLOYD_WORK:
        most = min(MAX_LLOYD, MAX_LLOYD_WORK // max(n_cells, 1))
        seconds = _float(lloyd) * (2.5e-4 + 2.7e-6 * n_cells)
        return (f"{_count(lloyd)} Lloyd iterations on {n_cells:,} cells take about "
                f"{seconds:.3g} s; at most {MAX_LLOYD} iterations and "
                f"{MAX_LLOYD_WORK:,} cell-iterations are allowed ({most} iterations on this "
                "mesh)")
    return None


def _count(n: int) -> str:
    """``n`` with thousands separators, or ``~1e+N`` for huge counts (no float overflow,
    no str() of a gigantic int)."""
    if n < 10**12:
        return f"{n:,}"
    return f"~1e+{int(n.bit_length() * math.log10(2))}"


def icosphere_cells(level: int) -> int:
    """``10 * 4**level + 2``, the cells of ``icosphere(level)`` (level capped at 64,
    so that a size check never computes a gigantic power)."""
    return 10 * 4**min(int(level), 64) + 2


def icosahedron() -> tuple[np.ndarray, np.ndarray]:
    """Vertices (12, 3) and outward triangles (20, 3) of the icosahedron, poles on z."""
    z = 1.0 / np.sqrt(5.0)
    r = 2.0 / np.sqrt(5.0)
    k = np.arange(5)
    upper = np.stack([r * np.cos(2 * np.pi * k / 5), r * np.sin(2 * np.pi * k / 5),
                      np.full(5, z)], axis=1)
    lower = np.stack([r * np.cos(2 * np.pi * (k + 0.5) / 5), r * np.sin(2 * np.pi * (k + 0.5) / 5),
                      np.full(5, -z)], axis=1)
    points = np.vstack([[0.0, 0.0, 1.0], upper, lower, [0.0, 0.0, -1.0]])
    u = 1 + k
    u1 = 1 + (k + 1) % 5
    lo = 6 + k
    lo1 = 6 + (k + 1) % 5
    tris = np.vstack([
        np.stack([np.zeros(5, int), u, u1], 1),
        np.stack([u, lo, u1], 1),
        np.stack([u1, lo, lo1], 1),
        np.stack([np.full(5, 11), lo1, lo], 1),
    ]).astype(np.int64)
    return points, tris


def _subdivided(points: np.ndarray, triangles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mesh = SphereMesh(points, triangles)
    n = mesh.n_cells
    mid = mesh.edge_midpoints
    a, b, c = triangles.T
    ab, bc, ca = (n + mesh.triangle_edges).T
    new = np.concatenate([
        np.stack([a, ab, ca], 1), np.stack([b, bc, ab], 1),
        np.stack([c, ca, bc], 1), np.stack([ab, bc, ca], 1),
    ])
    return np.vstack([points, mid]), new


def _lloyd(points: np.ndarray, triangles: np.ndarray, iterations: int) -> np.ndarray:
    for _ in range(iterations):
        points = SphereMesh(points, triangles).centroids
    return points


def cache_dir() -> Path:
    """The user cache directory for large meshes (see module docstring)."""
    if os.environ.get("FPSPHERE_CACHE_DIR"):
        return Path(os.environ["FPSPHERE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fpsphere"


def _build(level: int, lloyd: int) -> tuple[np.ndarray, np.ndarray]:
    points, tris = icosahedron()
    for _ in range(level):
        points, tris = _subdivided(points, tris)
    return _lloyd(points, tris, lloyd), tris


def _save_atomic(path: Path, points: np.ndarray, triangles: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp.npz")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, points=points, triangles=triangles.astype(np.int32))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def icosphere(level: int, *, lloyd: int = 0, cache: bool | None = None) -> SphereMesh:
    """Icosahedral mesh of the unit sphere with ``10 * 4**level + 2`` cells.

    Parameters
    ----------
    level : int
        Number of bisections of the icosahedron, 0 ... ``MAX_LEVEL`` (9).  Cells have
        a typical size of ``1.1 / 2**level`` rad (level 6: 1 deg).
    lloyd : int
        Lloyd iterations towards a spherical centroidal Voronoi tessellation, at most
        ``MAX_LLOYD`` and ``MAX_LLOYD_WORK / N`` (:func:`size_problem`).
    cache : bool or None
        Read/write the user cache; ``None`` means ``level >= CACHE_FROM_LEVEL``.

    Returns
    -------
    SphereMesh
    """
    if isinstance(level, bool) or not isinstance(level, int | np.integer):
        raise ParameterTypeError(f"level must be an int, got {type(level).__name__} {level!r}")
    if not 0 <= level <= MAX_LEVEL:
        beyond = ("" if level < 0 else f" ({size_problem(icosphere_cells(level))})"
                  if level <= 64 else f" (10 * 4**level cells, far beyond the {MAX_CELLS:,} "
                  "allowed)")
        raise ParameterError(f"level={level} is not allowed: expected 0 <= level <= "
                             f"{MAX_LEVEL}{beyond}")
    if isinstance(lloyd, bool) or not isinstance(lloyd, int | np.integer) or lloyd < 0:
        raise ParameterError(f"lloyd={lloyd!r} is not allowed: expected an int >= 0")
    problem = size_problem(icosphere_cells(level), int(lloyd))
    if problem:
        raise ParameterError(f"lloyd={lloyd!r} is not allowed with level={level}: {problem}")
    use_cache = level >= CACHE_FROM_LEVEL if cache is None else bool(cache)
    path = cache_dir() / f"icosphere-L{level}-lloyd{lloyd}.npz"
    if use_cache and path.exists():
        try:
            with np.load(path) as data:
                points, tris = data["points"], data["triangles"].astype(np.int64)
            if len(points) == 10 * 4**level + 2:
                return SphereMesh(points, tris)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache file is rebuilt below
    points, tris = _build(int(level), int(lloyd))
    if use_cache:
        try:
            _save_atomic(path, points, tris)
        except OSError as err:
            warnings.warn(f"could not cache the mesh in {path}: {err}", stacklevel=2)
    return SphereMesh(points, tris)
