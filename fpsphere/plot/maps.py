"""Maps of cell fields: the whole sphere on a Mollweide (or plain lon/lat) plane.

:func:`sample_lonlat` evaluates the field at the centres of a longitude-latitude
grid about a chosen pole, two ways:

* ``"linear"``: the piecewise-linear field of the triangulation (what ParaView
  shows of an exported file): a direction ``d`` lies in the spherical triangle
  ``(p0, p1, p2)`` when ``d = a p0 + b p1 + c p2`` with ``a, b, c >= 0``, and gets
  ``(a f0 + b f1 + c f2) / (a + b + c)``, linear interpolation at its central
  projection on the flat triangle.  Candidate triangles are the nearest by
  centroid (a k-d tree); points none of them contains (never on a valid mesh,
  kept as a safeguard) take the nearest cell;
* ``"nearest"``: the value of the nearest cell generator, i.e. exactly the
  piecewise-constant Voronoi-cell field of the finite-volume scheme.

:func:`plot_map` draws it with matplotlib (Mollweide by default, equal-area, for
papers) with a colour bar.
"""

from __future__ import annotations

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.mesh import SphereMesh
from fpsphere.plot._figure import new_axes, output, save
from fpsphere.plot.sphere import _values

__all__ = ["plot_map", "sample_lonlat"]

METHODS = ("linear", "nearest")
PROJECTIONS = ("mollweide", "hammer", "aitoff", "lonlat")


def _frame(pole, meridian) -> np.ndarray:
    """(3, 3) orthonormal rows (e1, e2, pole): lon = 0 towards ``meridian``."""
    vecs = []
    for name, v in (("pole", pole), ("meridian", meridian)):
        v = np.asarray(v, dtype=float)
        if v.shape != (3,) or not np.all(np.isfinite(v)) or np.linalg.norm(v) == 0:
            raise ParameterError(f"{name}={v!r} is not allowed: expected a non-zero 3-vector")
        vecs.append(v / np.linalg.norm(v))
    pole, meridian = vecs
    e1 = meridian - (meridian @ pole) * pole
    if np.linalg.norm(e1) < 1e-8:
        raise ParameterError("meridian is parallel to pole: expected a direction off the pole")
    e1 /= np.linalg.norm(e1)
    return np.stack([e1, np.cross(pole, e1), pole])


def sample_lonlat(mesh: SphereMesh, values, lon, lat, *, method: str = "linear",
                  pole=(0.0, 0.0, 1.0), meridian=(1.0, 0.0, 0.0),
                  candidates: int = 12) -> np.ndarray:
    """Cell values (N,) evaluated at longitudes/latitudes (rad, broadcast together).

    Parameters
    ----------
    lon, lat : arrays of the same (broadcast) shape S, radians; latitude measured
        from the plane normal to ``pole``, longitude from ``meridian``.
    method : ``"linear"`` or ``"nearest"`` (see the module docstring).
    candidates : triangles tried per point for ``"linear"``.

    Returns
    -------
    array of shape S.
    """
    from scipy.spatial import cKDTree

    if method not in METHODS:
        raise ParameterError(f"method={method!r} is not allowed: expected one of {METHODS}")
    values = _values(mesh, values, log=False)
    lon, lat = np.broadcast_arrays(np.asarray(lon, float), np.asarray(lat, float))
    local = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], -1)
    directions = local.reshape(-1, 3) @ _frame(pole, meridian)
    nearest = values[cKDTree(mesh.points).query(directions)[1]]
    if method == "nearest":
        return nearest.reshape(lon.shape)
    corners = mesh.points[mesh.triangles]                   # (T, 3 corners, 3)
    inverse = np.linalg.inv(np.transpose(corners, (0, 2, 1)))  # d -> (a, b, c)
    centroids = corners.mean(axis=1)
    k = min(candidates, mesh.n_triangles)
    _, near = cKDTree(centroids / np.linalg.norm(centroids, axis=1, keepdims=True)).query(
        directions, k=k)
    out = nearest.copy()
    found = np.zeros(len(directions), dtype=bool)
    for tri in np.atleast_2d(near.T):  # k candidates, each vectorized over all points
        todo = ~found
        weights = np.einsum("pij,pj->pi", inverse[tri[todo]], directions[todo])
        inside = np.all(weights >= -1e-12, axis=1)
        rows = np.flatnonzero(todo)[inside]
        w = weights[inside]
        f = values[mesh.triangles[tri[rows]]]
        out[rows] = np.sum(w * f, axis=1) / np.sum(w, axis=1)
        found[rows] = True
        if found.all():
            break
    return out.reshape(lon.shape)


def plot_map(mesh: SphereMesh, values, *, ax=None, path=None, method: str = "linear",
             projection: str = "mollweide", pole=(0.0, 0.0, 1.0), meridian=(1.0, 0.0, 0.0),
             resolution: float = 1.0, log: bool = False, cmap: str = "magma",
             label: str = "rho [1/sr]", title: str | None = None, colorbar: bool = True,
             clim: tuple[float, float] | None = None):
    """Map cell values on the whole sphere (Mollweide by default); returns the Axes.

    Parameters
    ----------
    mesh : SphereMesh
    values : (N,) cell values, e.g. a density (1/sr) or a potential (kT).
    ax : Axes with the same ``projection`` to draw into; default a new Figure.
    path : save the figure there (atomically; PNG, PDF, SVG, ...).
    method : ``"linear"`` (triangles) or ``"nearest"`` (Voronoi cells), see
        :func:`sample_lonlat`.
    projection : ``"mollweide"``, ``"hammer"``, ``"aitoff"`` (matplotlib's
        equal-area maps) or ``"lonlat"`` (plain axes in degrees).
    pole, meridian : directions of latitude 90 deg and of longitude 0.
    resolution : grid step, degrees.
    log : logarithmic colour scale (values below ``1e-12 max`` are clipped).
    label : colour-bar label; put the unit in it.  The axes are labelled longitude
        and latitude (degrees, about ``pole`` and ``meridian``).
    """
    from matplotlib import colors

    if projection not in PROJECTIONS:
        raise ParameterError(f"projection={projection!r} is not allowed: expected one of "
                             f"{PROJECTIONS}")
    if not (np.isfinite(resolution) and 0.05 <= resolution <= 30):
        raise ParameterError(f"resolution={resolution!r} is not allowed: expected a grid "
                             "step in [0.05, 30] degrees")
    out = output(path)
    values = _values(mesh, values, log)
    n_lat = int(np.ceil(180.0 / resolution))
    lon_edges = np.linspace(-np.pi, np.pi, 2 * n_lat + 1)
    lat_edges = np.linspace(-np.pi / 2, np.pi / 2, n_lat + 1)
    lon = 0.5 * (lon_edges[1:] + lon_edges[:-1])
    lat = 0.5 * (lat_edges[1:] + lat_edges[:-1])
    grid = sample_lonlat(mesh, values, lon[None, :], lat[:, None], method=method, pole=pole,
                         meridian=meridian)
    low, high = (grid.min(), grid.max()) if clim is None else clim
    norm = (colors.LogNorm if log else colors.Normalize)(vmin=low, vmax=high)
    flat = projection == "lonlat"
    ax = new_axes(ax, figsize=(6.4, 4.2), **({} if flat else {"projection": projection}))
    ax.set_xlabel("longitude (deg)", fontsize="small")
    ax.set_ylabel("latitude (deg)", fontsize="small")
    if flat:
        lon_edges, lat_edges = np.degrees(lon_edges), np.degrees(lat_edges)
        ax.set_aspect("equal")
    mapped = ax.pcolormesh(lon_edges, lat_edges, grid, norm=norm, cmap=cmap, shading="flat",
                           rasterized=True)
    ax.grid(True, color="0.6", linewidth=0.4)
    ax.tick_params(labelsize="small")
    if not flat:  # longitude labels sit on the map: outline them to read on any colour
        from matplotlib.patheffects import withStroke

        for tick in ax.get_xticklabels():
            tick.set_path_effects([withStroke(linewidth=2, foreground="white")])
    if colorbar:
        ax.figure.colorbar(mapped, ax=ax, orientation="horizontal", shrink=0.7, label=label)
    if title:
        ax.set_title(title, pad=6 if flat else 14)
    save(ax.figure, out)
    return ax
