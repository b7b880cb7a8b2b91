"""Cell values on a sphere mesh as a potential defined everywhere on the sphere.

The Fokker-Planck operator samples its potentials at the cells and at the
triangle circumcentres; the Hodge decomposition returns values at the cells only.
:class:`CellField` closes the gap by linear interpolation on the triangulation:
a query point ``u`` is written as ``w0 p0 + w1 p1 + w2 p2`` in the triangle
(chord plane, central projection) that contains it, found among the triangles
around its nearest vertex; at the cells it returns the values exactly.  The
interpolation error is O(h^2), the order of the decomposition itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from fpsphere.energy import Potential
from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mesh import SphereMesh

__all__ = ["CellField"]


def _vertex_triangles(mesh: SphereMesh) -> np.ndarray:
    """(N, d) triangles around each vertex, padded by repeating the first one."""
    tri = mesh.triangles.ravel()
    order = np.argsort(tri, kind="stable")
    owners = order // 3
    counts = np.bincount(tri, minlength=mesh.n_cells)
    start = np.concatenate([[0], np.cumsum(counts)[:-1]])
    width = counts.max()
    slot = np.arange(width)[None, :]
    index = start[:, None] + np.minimum(slot, counts[:, None] - 1)
    return owners[index]


@dataclass(frozen=True, eq=False)
class CellField(Potential):
    """Piecewise-linear interpolant of cell values ``values`` (N,) on ``mesh``.

    Parameters
    ----------
    mesh : SphereMesh
    values : (N,) finite values at the cells (any unit; kT for potentials).
    name : label used in error messages and ``repr``.
    """

    mesh: SphereMesh
    values: np.ndarray
    name: str = "cell field"
    _tree: cKDTree = field(init=False, repr=False)
    _around: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.mesh, SphereMesh):
            raise ParameterTypeError(f"mesh must be a SphereMesh, got {type(self.mesh).__name__}")
        values = np.asarray(self.values, dtype=float)
        if values.shape != (self.mesh.n_cells,) or not np.all(np.isfinite(values)):
            raise ParameterError(f"values must be {self.mesh.n_cells} finite numbers, got "
                                 f"shape {values.shape}")
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "_tree", cKDTree(self.mesh.points))
        object.__setattr__(self, "_around", _vertex_triangles(self.mesh))

    def __call__(self, u: np.ndarray) -> np.ndarray:
        u = np.atleast_2d(np.asarray(u, dtype=float))
        _, nearest = self._tree.query(u)
        candidates = self._around[nearest]                       # (n, d)
        corners = self.mesh.points[self.mesh.triangles[candidates]]  # (n, d, 3, 3)
        # barycentric coordinates of the central projection of u on each chord plane
        weights = np.linalg.solve(np.swapaxes(corners, -1, -2),
                                  np.broadcast_to(u[:, None, :, None], corners.shape[:2] + (3, 1)))
        weights = weights[..., 0]
        weights /= weights.sum(axis=-1, keepdims=True)
        best = np.argmax(weights.min(axis=-1), axis=1)
        rows = np.arange(u.shape[0])
        chosen = candidates[rows, best]
        w = weights[rows, best]
        return np.einsum("ij,ij->i", w, self.values[self.mesh.triangles[chosen]])

    def __repr__(self) -> str:
        return f"CellField({self.name}, N={self.mesh.n_cells})"
