"""Mesh quality report: the numbers that govern finite-volume accuracy on a sphere mesh."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from fpsphere.mesh.sphere import SphereMesh

__all__ = ["MeshQuality", "quality_report"]


@dataclass(frozen=True)
class MeshQuality:
    """Quality figures of a :class:`SphereMesh`.

    Attributes
    ----------
    n_cells, n_triangles, n_edges : int
    h : float
        Mean primal edge length (rad).
    area_ratio : float
        Largest over smallest Voronoi cell area.
    min_angle_deg, max_angle_deg : float
        Extreme interior angles of the primal triangles (planar chord triangles).
    orthogonality : float
        Largest ``|cos|`` of the angle between a dual edge and its primal edge
        (0 for an exact Voronoi/Delaunay pair).
    centroid_offset_max, centroid_offset_mean : float
        Distance from a generator to the centroid of its cell, relative to
        ``sqrt(area)`` (0 for a centroidal Voronoi tessellation).
    """

    n_cells: int
    n_triangles: int
    n_edges: int
    h: float
    area_ratio: float
    min_angle_deg: float
    max_angle_deg: float
    orthogonality: float
    centroid_offset_max: float
    centroid_offset_mean: float

    def __str__(self) -> str:
        width = max(len(k) for k in asdict(self))
        return "\n".join(f"{k:<{width}}  {v:.6g}" if isinstance(v, float) else f"{k:<{width}}  {v}"
                         for k, v in asdict(self).items())


def quality_report(mesh: SphereMesh) -> MeshQuality:
    """Compute the :class:`MeshQuality` of ``mesh`` (vectorized, O(N))."""
    p = mesh.points[mesh.triangles]
    angles = []
    for k in range(3):
        a = p[:, (k + 1) % 3] - p[:, k]
        b = p[:, (k + 2) % 3] - p[:, k]
        cos = np.einsum("ij,ij->i", a, b) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
        angles.append(np.degrees(np.arccos(np.clip(cos, -1, 1))))
    angles = np.concatenate(angles)
    c = mesh.circumcenters[mesh.edge_triangles]
    dual = c[:, 0] - c[:, 1]
    primal = mesh.points[mesh.edges[:, 1]] - mesh.points[mesh.edges[:, 0]]
    ortho = np.abs(np.einsum("ij,ij->i", dual, primal)) / (
        np.linalg.norm(dual, axis=1) * np.linalg.norm(primal, axis=1) + 1e-300)
    offset = np.linalg.norm(mesh.centroids - mesh.points, axis=1) / np.sqrt(mesh.areas)
    return MeshQuality(
        n_cells=mesh.n_cells,
        n_triangles=mesh.n_triangles,
        n_edges=mesh.n_edges,
        h=mesh.h,
        area_ratio=float(mesh.areas.max() / mesh.areas.min()),
        min_angle_deg=float(angles.min()),
        max_angle_deg=float(angles.max()),
        orthogonality=float(ortho.max()),
        centroid_offset_max=float(offset.max()),
        centroid_offset_mean=float(offset.mean()),
    )
