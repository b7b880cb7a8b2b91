"""Discrete calculus on the Voronoi/Delaunay pair (mimetic finite volumes).

Built from the signed incidences ``d0`` (edge-vertex) and ``d1`` (triangle-edge)
of :class:`~fpsphere.mesh.sphere.SphereMesh` and its metric (primal lengths
``l``, dual lengths ``d``, cell areas ``A``):

* ``gradient``   cell values -> tangential derivative along each primal edge;
* ``divergence`` normal fluxes through the dual edges -> cell averages,
  ``div = -A^{-1} d0^T (d F)`` (Gauss' theorem on each cell, exact);
* ``curl``       stream function at circumcentres -> normal flux of ``u x grad psi``;
* ``laplacian``  ``div grad``, the cotangent/Voronoi Laplace-Beltrami operator.

``divergence(curl(psi)) = 0`` and ``sum(A * divergence(F)) = 0`` hold exactly,
because ``d1 d0 = 0`` and each edge's flux leaves one cell and enters another.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from fpsphere.mesh.sphere import SphereMesh

__all__ = ["gradient", "divergence", "curl", "laplacian"]


def gradient(mesh: SphereMesh, f: np.ndarray) -> np.ndarray:
    """(E,) directional derivative ``(f_j - f_i) / l_e`` of cell values ``f`` (N,)."""
    return (mesh.edge_vertex_incidence @ f) / mesh.primal_lengths


def divergence(mesh: SphereMesh, flux: np.ndarray) -> np.ndarray:
    """(N,) cell-averaged divergence of a tangent field given by its normal flux density.

    ``flux[e]`` is the field's component along ``mesh.edge_tangents[e]`` (out of
    cell ``i``) on the dual edge of ``e``; the result is
    ``(1/A_i) * (net outward flux of cell i)``.
    """
    return -(mesh.edge_vertex_incidence.T @ (flux * mesh.dual_lengths)) / mesh.areas


def curl(mesh: SphereMesh, psi: np.ndarray) -> np.ndarray:
    """(E,) normal flux density of ``u x grad psi`` for ``psi`` (M,) at circumcentres."""
    return -(mesh.triangle_edge_incidence.T @ psi) / mesh.dual_lengths


def laplacian(mesh: SphereMesh) -> sp.csr_matrix:
    """(N, N) Laplace-Beltrami operator ``div grad`` (second order on smooth meshes)."""
    d0 = mesh.edge_vertex_incidence
    weights = sp.diags(mesh.dual_lengths / mesh.primal_lengths)
    return (-(sp.diags(1.0 / mesh.areas) @ (d0.T @ weights @ d0))).tocsr()
