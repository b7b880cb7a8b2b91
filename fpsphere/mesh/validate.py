"""Checked construction of sphere meshes from user data.

Every defect that would break the finite-volume scheme raises
:class:`fpsphere.MeshError` with a message naming the problem, how many
elements show it and an example index.  Depends on :mod:`.sphere`.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import ConvexHull, cKDTree

from fpsphere.errors import MeshError
from fpsphere.mesh.sphere import SphereMesh

__all__ = ["validated_mesh", "delaunay_mesh", "check_points", "check_mesh"]


def check_points(points: np.ndarray, *, tol: float = 1e-6) -> np.ndarray:
    """Unit vectors (N, 3) from user ``points``, or :class:`MeshError`.

    Rejects a wrong shape, non-finite values, points whose norm differs from 1
    by more than ``tol`` and duplicate points (closer than ``tol``).
    """
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2 or pts.shape[1] != 3 or pts.shape[0] < 4:
        raise MeshError(f"points must have shape (N, 3) with N >= 4, got {pts.shape}")
    if not np.all(np.isfinite(pts)):
        bad = int(np.flatnonzero(~np.isfinite(pts).all(axis=1))[0])
        raise MeshError(f"points contain NaN or inf (first at index {bad})")
    radius = np.linalg.norm(pts, axis=1)
    off = np.abs(radius - 1.0)
    if off.max() > tol:
        k = int(off.argmax())
        raise MeshError(
            f"{int((off > tol).sum())} points are off the unit sphere by more than tol={tol:g}: "
            f"point {k} has |p| = {radius[k]:.12g}"
        )
    pts = pts / radius[:, None]
    dist, idx = cKDTree(pts).query(pts, k=2)
    dup = dist[:, 1] < tol
    if dup.any():
        k = int(np.flatnonzero(dup)[0])
        raise MeshError(
            f"{int(dup.sum()) // 2 or 1} duplicate point pair(s) closer than tol={tol:g}: "
            f"points {k} and {int(idx[k, 1])}"
        )
    return pts


def check_mesh(mesh: SphereMesh) -> None:
    """Raise :class:`MeshError` unless ``mesh`` is a closed, consistently
    outward-oriented, manifold Delaunay triangulation covering the sphere once."""
    tri = mesh.triangles
    n = mesh.n_cells
    if tri.ndim != 2 or tri.shape[1] != 3:
        raise MeshError(f"triangles must have shape (M, 3), got {tri.shape}")
    if tri.min() < 0 or tri.max() >= n:
        raise MeshError(f"triangle vertex indices must lie in [0, {n - 1}], "
                        f"got {tri.min()}..{tri.max()}")
    degenerate = (tri[:, 0] == tri[:, 1]) | (tri[:, 1] == tri[:, 2]) | (tri[:, 2] == tri[:, 0])
    if degenerate.any():
        raise MeshError(f"{int(degenerate.sum())} degenerate triangles repeat a vertex, e.g. "
                        f"triangle {int(np.flatnonzero(degenerate)[0])}")
    used = np.bincount(tri.ravel(), minlength=n)
    if np.any(used == 0):
        raise MeshError(f"{int((used == 0).sum())} points belong to no triangle, e.g. point "
                        f"{int(np.flatnonzero(used == 0)[0])}")
    edges, tri_edges, forward, counts = mesh._edge_topology
    if np.any(counts != 2):
        bad = int(np.flatnonzero(counts != 2)[0])
        kind = "boundary (hole)" if counts[bad] == 1 else "non-manifold"
        raise MeshError(f"{int((counts != 2).sum())} edges are not shared by exactly two "
                        f"triangles; edge {tuple(edges[bad])} is {kind}")
    n_forward = np.bincount(tri_edges.ravel(), forward.ravel().astype(float), len(edges))
    if np.any(n_forward != 1):
        bad = int(np.flatnonzero(n_forward != 1)[0])
        raise MeshError(f"{int((n_forward != 1).sum())} edges are traversed in the same direction "
                        f"by both their triangles (inconsistent orientation), e.g. edge "
                        f"{tuple(edges[bad])}")
    euler = n - len(edges) + mesh.n_triangles
    if euler != 2:
        raise MeshError(f"Euler characteristic V - E + F = {euler}, a sphere needs 2 "
                        "(non-manifold vertex or several components)")
    folded = mesh.triangle_areas <= 0
    if folded.any():
        raise MeshError(f"{int(folded.sum())} triangles are folded or inverted, e.g. triangle "
                        f"{int(np.flatnonzero(folded)[0])}")
    total = mesh.triangle_areas.sum()
    if abs(total - 4 * np.pi) > 1e-8 * 4 * np.pi:
        raise MeshError(f"triangles cover an area {total:.12g} sr, not 4 pi: the surface overlaps")
    neg = mesh.dual_lengths < -1e-12
    if neg.any():
        bad = int(np.flatnonzero(neg)[0])
        raise MeshError(
            f"{int(neg.sum())} edges are not Delaunay: the circumcentres of their two triangles "
            f"(obtuse, circumcentre outside) fall in the wrong order, giving a negative dual "
            f"length, e.g. edge {tuple(mesh.edges[bad])} "
            f"(dual length {mesh.dual_lengths[bad]:.3g}); "
            "use SphereMesh.from_points to re-triangulate"
        )
    if np.any(mesh.areas <= 0):
        bad = int(np.flatnonzero(mesh.areas <= 0)[0])
        raise MeshError(f"Voronoi cell {bad} has non-positive area {mesh.areas[bad]:.3g}")


def _outward(points: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    p = points[triangles]
    det = np.einsum("ij,ij->i", p[:, 0], np.cross(p[:, 1], p[:, 2]))
    if np.all(det < 0):
        return triangles[:, ::-1].copy()
    return triangles


def validated_mesh(points: np.ndarray, triangles: np.ndarray, *, tol: float = 1e-6) -> SphereMesh:
    """A :class:`SphereMesh` from user arrays after all checks (see :func:`check_mesh`)."""
    pts = check_points(points, tol=tol)
    tri = np.asarray(triangles)
    if tri.ndim != 2 or tri.shape[1] != 3:
        raise MeshError(f"triangles must have shape (M, 3), got {tri.shape}")
    if not np.issubdtype(tri.dtype, np.integer):
        if not np.all(np.isfinite(tri)) or np.any(tri != np.round(tri)):
            raise MeshError(f"triangles must hold integer vertex indices, got dtype {tri.dtype}")
    tri = tri.astype(np.int64)
    if tri.size and (tri.min() < 0 or tri.max() >= len(pts)):
        raise MeshError(f"triangle vertex indices must lie in [0, {len(pts) - 1}], "
                        f"got {tri.min()}..{tri.max()}")
    mesh = SphereMesh(pts, _outward(pts, tri))
    check_mesh(mesh)
    return mesh


def delaunay_mesh(points: np.ndarray, *, tol: float = 1e-6) -> SphereMesh:
    """Spherical Delaunay triangulation of ``points`` (their convex hull)."""
    pts = check_points(points, tol=tol)
    hull = ConvexHull(pts)
    if len(hull.vertices) != len(pts):
        raise MeshError(f"{len(pts) - len(hull.vertices)} points are not hull vertices "
                        "(they lie inside the convex hull)")
    tri = hull.simplices.astype(np.int64)
    p = pts[tri]
    det = np.einsum("ij,ij->i", p[:, 0], np.cross(p[:, 1], p[:, 2]))
    tri[det < 0] = tri[det < 0][:, ::-1]
    mesh = SphereMesh(pts, tri)
    check_mesh(mesh)
    return mesh
