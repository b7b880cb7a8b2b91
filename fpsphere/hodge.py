"""Discrete Hodge (Helmholtz) decomposition of tangent fields on the sphere (S-22).

A tangent torque field ``X(u)`` splits as ``X = u x grad(Phi) + grad(chi)``
(docs/conventions.md section 1: ``Phi`` field-like, ``chi`` damping-like).  Since
``div(u x grad Phi) = 0`` and ``u x X = -grad Phi + u x grad chi``:

    Laplace chi = div X,        Laplace Phi = -div(u x X),

two Poisson problems with the Voronoi Laplace-Beltrami operator
(:func:`fpsphere.mesh.laplacian`), each fixed to zero mean.  The divergences are
the finite-volume ones: normal components of ``X`` (or ``u x X``) at the dual-edge
midpoints, integrated along the dual edges (Gauss on every cell).  On a sphere
there are no harmonic tangent fields, so the split is unique and complete.

Depends on :mod:`fpsphere.mesh`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mesh import SphereMesh, divergence, gradient, laplacian

__all__ = ["HodgeDecomposition", "hodge_decomposition"]


@dataclass(frozen=True)
class HodgeDecomposition:
    """``X = u x grad(phi) + grad(chi)`` on a mesh.

    Attributes
    ----------
    phi, chi : (N,) potentials at the cells (field units of X times radians), mean zero.
    residual : relative L2 mismatch of the reconstructed normal components at the
        dual edges (discretization error, O(h^2) for smooth fields).
    """

    phi: np.ndarray
    chi: np.ndarray
    residual: float


def _edge_values(mesh: SphereMesh, field) -> np.ndarray:
    """(E, 3) tangent field at the edge midpoints from a callable or cell values."""
    if callable(field):
        values = np.asarray(field(mesh.edge_midpoints), dtype=float)
        where = mesh.edge_midpoints
        check, at = values, where
    else:
        cells = np.asarray(field, dtype=float)
        if cells.shape != (mesh.n_cells, 3):
            raise ParameterTypeError(f"the field must be a callable or have shape "
                                     f"({mesh.n_cells}, 3), got {cells.shape}")
        check, at = cells, mesh.points
        where = mesh.edge_midpoints
        mean = 0.5 * (cells[mesh.edges[:, 0]] + cells[mesh.edges[:, 1]])
        values = mean - np.einsum("ij,ij->i", mean, where)[:, None] * where
    if values.shape != (mesh.n_edges, 3) or not np.all(np.isfinite(values)):
        raise ParameterError("the field must give finite (n, 3) vectors")
    radial = np.abs(np.einsum("ij,ij->i", check, at))
    size = np.linalg.norm(check, axis=1).max() + 1e-300
    if radial.max() > 1e-6 * size:
        raise ParameterError(f"the field is not tangent: its component along u reaches "
                             f"{radial.max() / size:.2e} of its size (allowed 1e-6); project it "
                             "with X - (X.u) u")
    return values


def _circumcentre_weights(mesh: SphereMesh) -> np.ndarray:
    """(M, 3) barycentric coordinates of each chord triangle's circumcentre."""
    p = mesh.points[mesh.triangles]
    a2 = np.sum((p[:, 1] - p[:, 2]) ** 2, axis=1)
    b2 = np.sum((p[:, 2] - p[:, 0]) ** 2, axis=1)
    c2 = np.sum((p[:, 0] - p[:, 1]) ** 2, axis=1)
    w = np.stack([a2 * (b2 + c2 - a2), b2 * (c2 + a2 - b2), c2 * (a2 + b2 - c2)], axis=1)
    return w / w.sum(axis=1, keepdims=True)


def _poisson_zero_mean(mesh: SphereMesh, rhs: np.ndarray) -> np.ndarray:
    areas = mesh.areas
    stiffness = -(sp.diags(areas) @ laplacian(mesh))  # symmetric positive semi-definite
    bordered = sp.bmat([[stiffness, sp.csr_matrix(areas[:, None])],
                        [sp.csr_matrix(areas[None, :]), None]], format="csc")
    solution = spl.spsolve(bordered, np.concatenate([-areas * rhs, [0.0]]))
    return solution[:-1]


def hodge_decomposition(mesh: SphereMesh, field: Callable | np.ndarray) -> HodgeDecomposition:
    """Split the tangent field ``field`` (callable ``u -> (n, 3)`` or (N, 3) cell values)."""
    values = _edge_values(mesh, field)
    tangent = mesh.edge_tangents
    mid = mesh.edge_midpoints
    normal_x = np.einsum("ij,ij->i", values, tangent)
    normal_ux = np.einsum("ij,ij->i", np.cross(mid, values), tangent)
    chi = _poisson_zero_mean(mesh, divergence(mesh, normal_x))
    phi = -_poisson_zero_mean(mesh, divergence(mesh, normal_ux))
    # reconstruction: X.t = d(chi)/dt - d(phi)/ds and (u x X).t = -d(phi)/dt - d(chi)/ds,
    # s along the dual edge (right -> left circumcentre), potentials at circumcentres
    # by linear interpolation (barycentric coordinates of the circumcentre)
    weights_c = _circumcentre_weights(mesh)
    at_circ = lambda f: np.einsum("ij,ij->i", weights_c, f[mesh.triangles])  # noqa: E731
    left, right = mesh.edge_triangles.T
    along = lambda f: (at_circ(f)[left] - at_circ(f)[right]) / mesh.dual_lengths  # noqa: E731
    recon_x = gradient(mesh, chi) - along(phi)
    recon_ux = -gradient(mesh, phi) - along(chi)
    weight = mesh.primal_lengths * mesh.dual_lengths
    error = np.sum(weight * ((normal_x - recon_x) ** 2 + (normal_ux - recon_ux) ** 2))
    size = np.sum(weight * (normal_x**2 + normal_ux**2))
    return HodgeDecomposition(phi=phi, chi=chi, residual=float(np.sqrt(error / max(size, 1e-300))))
