"""The sphere mesh: a spherical triangulation and its Voronoi control volumes.

``SphereMesh`` owns the primal triangulation of the unit sphere (points and
outward-oriented triangles) and derives, once and lazily, everything the
vertex-centred finite-volume scheme needs: edges, circumcentres, Voronoi cell
areas from exact spherical geometry, primal and dual edge lengths and the
signed incidence matrices (discrete exterior derivatives).

Conventions
-----------
* ``edges[e] = (i, j)`` with ``i < j``; the edge is oriented ``i -> j``.
* ``edge_triangles[e] = (left, right)``: the triangle on the left of ``i -> j``
  seen from outside the sphere (it traverses the edge ``i -> j``) and the one on
  its right.
* The dual edge of ``e`` is the great-circle arc from ``circumcenters[right]`` to
  ``circumcenters[left]``; it crosses ``e`` at right angles and separates cell
  ``i`` from cell ``j``.  Its length is signed: negative means the mesh is not
  Delaunay there (rejected by :func:`fpsphere.mesh.validate.check_mesh`).

Depends on :mod:`fpsphere.mesh.geometry` only.  Construction from user data and
its checks live in :mod:`fpsphere.mesh.validate`; building in
:mod:`fpsphere.mesh.icosphere`; files in :mod:`fpsphere.mesh.io`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from fpsphere.mesh.geometry import arc_length, arc_moment, normalized, signed_triangle_area

__all__ = ["SphereMesh"]


@dataclass(frozen=True, eq=False)
class SphereMesh:
    """A triangulation of the unit sphere with vertex-centred Voronoi cells.

    Parameters
    ----------
    points : (N, 3) float array
        Unit vectors, the cell generators (the finite-volume unknowns live here).
    triangles : (M, 3) int array
        Vertex indices, counter-clockwise seen from outside (outward normals).

    Notes
    -----
    Use :func:`fpsphere.icosphere`, :meth:`from_points` or
    :meth:`from_triangulation` rather than the constructor: those check the
    input.  Arrays are read-only; derived geometry is computed on first use.
    """

    points: np.ndarray
    triangles: np.ndarray

    def __post_init__(self) -> None:
        points = np.ascontiguousarray(self.points, dtype=float)
        triangles = np.ascontiguousarray(self.triangles, dtype=np.int64)
        points.flags.writeable = False
        triangles.flags.writeable = False
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "triangles", triangles)

    # ------------------------------------------------------------------ sizes
    @property
    def n_cells(self) -> int:
        """Number of control volumes N (= number of vertices)."""
        return self.points.shape[0]

    @property
    def n_triangles(self) -> int:
        """Number of primal triangles M (= 2N - 4 on a sphere)."""
        return self.triangles.shape[0]

    @property
    def n_edges(self) -> int:
        """Number of edges E (= 3N - 6 on a sphere)."""
        return self.edges.shape[0]

    def __repr__(self) -> str:
        return f"SphereMesh(n_cells={self.n_cells}, n_triangles={self.n_triangles})"

    # --------------------------------------------------------------- topology
    @cached_property
    def _edge_topology(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Unique edges, triangle->edge map and orientation of each half-edge."""
        tri = self.triangles
        half = tri[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2)
        lo = np.minimum(half[:, 0], half[:, 1])
        hi = np.maximum(half[:, 0], half[:, 1])
        keys = lo * np.int64(self.n_cells) + hi
        unique_keys, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        n = np.int64(self.n_cells)
        edges = np.stack([unique_keys // n, unique_keys % n], axis=1)
        forward = half[:, 0] < half[:, 1]
        return edges, inverse.reshape(-1, 3), forward.reshape(-1, 3), counts

    @cached_property
    def edges(self) -> np.ndarray:
        """(E, 2) int: vertex pairs ``(i, j)``, ``i < j``, oriented ``i -> j``."""
        edges = self._edge_topology[0]
        edges.flags.writeable = False
        return edges

    @cached_property
    def triangle_edges(self) -> np.ndarray:
        """(M, 3) int: edges of each triangle, opposite-free order (ab, bc, ca)."""
        return self._edge_topology[1]

    @cached_property
    def edge_triangles(self) -> np.ndarray:
        """(E, 2) int: ``(left, right)`` triangles of each edge (see module doc)."""
        _, tri_edges, forward, counts = self._edge_topology
        if np.any(counts != 2):
            raise ValueError("edge_triangles needs a closed manifold triangulation")
        flat_edges = tri_edges.ravel()
        flat_tris = np.repeat(np.arange(self.n_triangles), 3)
        fwd = forward.ravel()
        out = np.full((self.n_edges, 2), -1, dtype=np.int64)
        out[flat_edges[fwd], 0] = flat_tris[fwd]
        out[flat_edges[~fwd], 1] = flat_tris[~fwd]
        return out

    # --------------------------------------------------------------- geometry
    @cached_property
    def circumcenters(self) -> np.ndarray:
        """(M, 3): spherical circumcentres of the triangles (Voronoi vertices)."""
        p = self.points[self.triangles]
        return normalized(np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]))

    @cached_property
    def triangle_areas(self) -> np.ndarray:
        """(M,) sr: signed spherical areas of the primal triangles."""
        p = self.points[self.triangles]
        return signed_triangle_area(p[:, 0], p[:, 1], p[:, 2])

    @cached_property
    def primal_lengths(self) -> np.ndarray:
        """(E,) rad: great-circle length of each primal edge ``i -> j``."""
        return arc_length(self.points[self.edges[:, 0]], self.points[self.edges[:, 1]])

    @cached_property
    def _dual_ends(self) -> tuple[np.ndarray, np.ndarray]:
        c = self.circumcenters
        return c[self.edge_triangles[:, 1]], c[self.edge_triangles[:, 0]]

    @cached_property
    def dual_lengths(self) -> np.ndarray:
        """(E,) rad: signed length of the dual arc (right -> left circumcentre).

        Positive on a Delaunay mesh; it is the length of the interface between
        cells ``i`` and ``j``.
        """
        c_right, c_left = self._dual_ends
        length = arc_length(c_right, c_left)
        i, j = self.edges.T
        normal = np.cross(self.points[i] + self.points[j], self.points[j] - self.points[i])
        sign = np.sign(np.einsum("ij,ij->i", c_left - c_right, normal))
        return np.where(sign < 0, -length, length)

    @cached_property
    def _cell_parts(self) -> tuple[np.ndarray, np.ndarray]:
        """(E,) sr: the parts of cells i and j inside the diamond of each edge."""
        c_right, c_left = self._dual_ends
        i, j = self.edges.T
        part_i = signed_triangle_area(self.points[i], c_right, c_left)
        part_j = signed_triangle_area(self.points[j], c_left, c_right)
        return part_i, part_j

    @cached_property
    def areas(self) -> np.ndarray:
        """(N,) sr: Voronoi control-volume areas; ``sum(areas) = 4 pi``."""
        part_i, part_j = self._cell_parts
        n = self.n_cells
        return np.bincount(self.edges[:, 0], part_i, n) + np.bincount(self.edges[:, 1], part_j, n)

    @cached_property
    def edge_midpoints(self) -> np.ndarray:
        """(E, 3): midpoints of the primal edges (where the dual edges cross them)."""
        return normalized(self.points[self.edges[:, 0]] + self.points[self.edges[:, 1]])

    @cached_property
    def edge_tangents(self) -> np.ndarray:
        """(E, 3): unit tangent of edge ``i -> j`` at its midpoint.

        It is also the unit normal of the dual edge, pointing out of cell ``i``.
        """
        m = self.edge_midpoints
        d = self.points[self.edges[:, 1]] - self.points[self.edges[:, 0]]
        return normalized(d - np.einsum("ij,ij->i", d, m)[:, None] * m)

    @cached_property
    def centroids(self) -> np.ndarray:
        """(N, 3): spherical centroids of the Voronoi cells (exact, via arc moments)."""
        c_right, c_left = self._dual_ends
        moment = arc_moment(c_right, c_left)
        n = self.n_cells
        i, j = self.edges.T
        total = np.stack(
            [np.bincount(i, moment[:, k], n) - np.bincount(j, moment[:, k], n) for k in range(3)],
            axis=1,
        )
        return normalized(total)

    @cached_property
    def h(self) -> float:
        """Mesh size (rad): the mean primal edge length."""
        return float(self.primal_lengths.mean())

    # -------------------------------------------------------------- incidence
    @cached_property
    def edge_vertex_incidence(self) -> sp.csr_matrix:
        """(E, N) sparse ``d0``: ``(d0 f)_e = f_j - f_i`` (discrete gradient)."""
        e = self.n_edges
        rows = np.repeat(np.arange(e), 2)
        data = np.tile([-1.0, 1.0], e)
        return sp.csr_matrix((data, (rows, self.edges.ravel())), shape=(e, self.n_cells))

    @cached_property
    def triangle_edge_incidence(self) -> sp.csr_matrix:
        """(M, E) sparse ``d1``: +1 where the triangle traverses the edge ``i -> j``.

        ``d1 @ d0 = 0`` exactly: discrete curl of a gradient vanishes, and the
        transposes give ``div(curl) = 0`` on the dual (Voronoi) mesh.
        """
        _, tri_edges, forward, _ = self._edge_topology
        data = np.where(forward, 1.0, -1.0).ravel()
        rows = np.repeat(np.arange(self.n_triangles), 3)
        return sp.csr_matrix(
            (data, (rows, tri_edges.ravel())), shape=(self.n_triangles, self.n_edges)
        )

    @cached_property
    def csr_slots(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR pattern of the cell adjacency (diagonal + edges) and where each edge lands.

        Returns ``(indptr, indices, slots)``; ``slots[e] = (ii, ij, ji, jj)`` are the
        positions in the CSR data array of the entries ``(i,i), (i,j), (j,i), (j,j)``
        of edge ``e``.  Operators fill ``data`` with ``np.bincount(slots, values)``
        instead of sorting coordinates on every assembly.
        """
        n, i, j = self.n_cells, self.edges[:, 0], self.edges[:, 1]
        rows = np.concatenate([np.arange(n), i, j])
        cols = np.concatenate([np.arange(n), j, i])
        order = np.lexsort((cols, rows))
        position = np.empty_like(order)
        position[order] = np.arange(order.size)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
        indices = cols[order]
        e = len(i)
        slots = np.stack([position[i], position[n:n + e], position[n + e:], position[j]], axis=1)
        return indptr, indices, slots

    # ------------------------------------------------------------ constructors
    @classmethod
    def from_triangulation(
        cls, points: np.ndarray, triangles: np.ndarray, *, tol: float = 1e-6
    ) -> SphereMesh:
        """Checked mesh from user points (N, 3) and triangles (M, 3).

        Points must be unit vectors within ``tol``; they are re-normalized.
        Inward-oriented triangulations are flipped; every other defect
        (duplicates, holes, non-manifold edges, inconsistent orientation,
        folds, non-Delaunay edges) raises :class:`fpsphere.MeshError`.
        """
        from fpsphere.mesh.validate import validated_mesh

        return validated_mesh(points, triangles, tol=tol)

    @classmethod
    def from_points(cls, points: np.ndarray, *, tol: float = 1e-6) -> SphereMesh:
        """Spherical Delaunay mesh of a point set (its convex hull)."""
        from fpsphere.mesh.validate import delaunay_mesh

        return delaunay_mesh(points, tol=tol)

    def write(self, path, **kwargs) -> None:
        """Write the mesh (and optional ``point_data``) with meshio; see :func:`write_mesh`."""
        from fpsphere.mesh.io import write_mesh

        write_mesh(self, path, **kwargs)
