"""Initial densities on a mesh, normalized so that ``sum(rho * areas) = 1``."""

from __future__ import annotations

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.mesh import SphereMesh

__all__ = ["boltzmann", "von_mises_fisher", "uniform", "normalized"]


def normalized(mesh: SphereMesh, rho: np.ndarray) -> np.ndarray:
    """``rho / sum(rho * areas)``; ``rho`` must be finite, >= 0 and not all zero."""
    rho = np.asarray(rho, dtype=float)
    if rho.shape != (mesh.n_cells,) or not np.all(np.isfinite(rho)) or np.any(rho < 0):
        raise ParameterError(f"rho must be {mesh.n_cells} finite values >= 0")
    total = float(np.sum(rho * mesh.areas))
    if total <= 0:
        raise ParameterError("rho is zero everywhere: nothing to normalize")
    return rho / total


def von_mises_fisher(mesh: SphereMesh, direction, kappa: float) -> np.ndarray:
    """Narrow density ``exp(kappa (u.d - 1))`` about ``direction``, normalized on the mesh.

    Its angular width is about ``1/sqrt(kappa)`` rad; resolve it with cells smaller
    than that.
    """
    d = np.asarray(direction, dtype=float)
    if d.shape != (3,) or not np.all(np.isfinite(d)) or np.linalg.norm(d) == 0:
        raise ParameterError(f"direction={direction!r} is not allowed: expected a non-zero "
                             "3-vector")
    if not (np.isfinite(kappa) and kappa >= 0):
        raise ParameterError(f"kappa={kappa!r} is not allowed: expected a finite value >= 0")
    d = d / np.linalg.norm(d)
    return normalized(mesh, np.exp(kappa * (mesh.points @ d - 1.0)))


def boltzmann(mesh: SphereMesh, energy) -> np.ndarray:
    """The discrete Boltzmann density ``exp(-U)/Z`` of another energy (kT), e.g. the
    equilibrium before a field or current step."""
    from fpsphere.energy import as_potential, evaluate

    values = evaluate(as_potential(energy, "energy"), mesh.points, "energy")
    return normalized(mesh, np.exp(-(values - values.min())))


def uniform(mesh: SphereMesh) -> np.ndarray:
    """The uniform density ``1/(4 pi)``."""
    return np.full(mesh.n_cells, 1.0 / (4.0 * np.pi))
