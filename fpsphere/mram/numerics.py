"""Numerical choices of the MRAM analyses: meshes, wells, regions and time steps.

Owns the defaults every analysis shares, so that each is chosen in one place:

* :func:`default_mesh`: a collinear cell (bias field and polarizer along the easy
  axis, or no torque) is axial, and the axis-aligned ``fpsphere.latlon(n, 32)``
  transports it exactly along the rings; its ring count grows like
  ``sqrt(delta)`` with the width of the wells (204 rings at ``delta = 60``, a multiple of 4 so
  that the equator is a ring boundary on the coarser mesh too).  Any
  other cell (SOT, tilted polarizer or field) gets ``fpsphere.icosphere(5)``.
* :func:`coarser`: the mesh with half the resolution (half the rings and points
  per ring, or one icosphere level less), for the error estimates: with a
  second-order discretization the error of the fine result is about
  ``|fine - coarse| / 3`` (Richardson, ratio 2).
* :func:`well_direction`: the energy minimum of the up or down well (tilted by an
  in-plane field); :func:`up_region` and :func:`down_target` the regions of the
  analyses: the up hemisphere ``u_z > 0`` (weighted by the Boltzmann density it is
  the up well) and a cone of half angle ``TARGET_HALF_ANGLE`` about the down
  minimum (reaching it is a switch: the way back is as rare as a retention failure).
* :func:`time_step`: the fixed step of the implicit evolutions, a fraction of the
  fastest drift time ``1 / (delta + |xi| + |kappa|)`` (tau_N).

Depends on :mod:`fpsphere.mesh` and :mod:`fpsphere.mram.cell`.
"""

from __future__ import annotations

import math

import numpy as np

from fpsphere.errors import ParameterTypeError
from fpsphere.mesh import SphereMesh, icosphere, latlon
from fpsphere.mesh.describe import describe_mesh, icosphere_level, latlon_shape

__all__ = ["TARGET_HALF_ANGLE", "coarser", "default_mesh", "describe_mesh", "down_target",
           "time_step", "up_region", "well_direction"]

#: Half angle (rad) of the cone about the down minimum that counts as switched.
TARGET_HALF_ANGLE = 0.5
#: Points per ring of the default latitude-longitude mesh.
POINTS_PER_RING = 32
#: Icosphere level of non-collinear cells.
ICOSPHERE_LEVEL = 5


def default_mesh(cell) -> SphereMesh:
    """``latlon(n, 32)`` about z for a collinear cell, else ``icosphere(5)`` (module
    docstring)."""
    if cell.collinear:
        rings = 4 * math.ceil(6.5 * math.sqrt(max(cell.delta, 20.0)))
        return latlon(rings, POINTS_PER_RING)
    return icosphere(ICOSPHERE_LEVEL)


def checked_mesh(cell, mesh) -> SphereMesh:
    """``mesh`` if given (a :class:`SphereMesh`), else :func:`default_mesh`."""
    if mesh is None:
        return default_mesh(cell)
    if not isinstance(mesh, SphereMesh):
        raise ParameterTypeError(f"mesh={mesh!r} is not allowed: expected a SphereMesh "
                                 "(fpsphere.latlon or fpsphere.icosphere) or None")
    return mesh


def coarser(mesh: SphereMesh) -> SphereMesh | None:
    """The mesh at half the resolution (module docstring), or None if unknown or too
    coarse."""
    shape = latlon_shape(mesh)
    if shape is not None:
        rings, per_ring = shape
        return latlon(rings // 2, max(per_ring // 2, 8)) if rings >= 16 else None
    level = icosphere_level(mesh)
    if level is not None and level >= 3:
        return icosphere(level - 1)
    return None


def well_direction(cell, sign: float = 1.0) -> np.ndarray:
    """(3,) unit direction of the energy minimum of the up (``sign > 0``) or down well.

    The minimum of ``-delta u_z^2 - xi.u`` in the hemisphere of ``sign z`` lies in the
    plane of z and the in-plane field ``e``, at the polar angle ``theta`` (from
    ``sign z``) where ``dU/dtheta = 2 delta sin cos + s xi_z sin - xi_perp cos`` first
    changes sign (bracketed on a grid, then :func:`scipy.optimize.brentq`).
    """
    from scipy.optimize import brentq

    xi = cell.xi
    perp = xi - xi[2] * np.array([0.0, 0.0, 1.0])
    norm = float(np.linalg.norm(perp))
    pole = np.array([0.0, 0.0, math.copysign(1.0, sign)])
    if norm == 0:
        return pole
    e = perp / norm
    along = math.copysign(1.0, sign) * float(xi[2])

    def slope(theta: float) -> float:
        s, c = math.sin(theta), math.cos(theta)
        return 2.0 * cell.delta * s * c + along * s - norm * c

    grid = np.linspace(0.0, math.pi / 2, 2001)
    values = np.array([slope(t) for t in grid])
    k = int(np.argmax(values > 0))
    theta = brentq(slope, grid[k - 1], grid[k], xtol=1e-15) if k > 0 else math.pi / 2
    return math.cos(theta) * pole + math.sin(theta) * e


def up_region() -> tuple:
    """The up hemisphere ``u_z > 0`` (:func:`fpsphere.observables.region_mask`)."""
    return (0.0, 0.0, 1.0)


def down_target(cell) -> tuple:
    """The cone of half angle :data:`TARGET_HALF_ANGLE` about the down minimum."""
    return ("cone", tuple(well_direction(cell, -1.0)), TARGET_HALF_ANGLE)


def time_step(cell, current: float, t_end: float) -> float:
    """Fixed time step (tau_N): ``min(t_end / 200, 0.1 / s)`` with the drift rate
    ``s = delta + |xi| + |kappa| (1 + alpha |beta|)`` (per tau_N); for a non-collinear
    cell also at most ``0.5 alpha / s`` (a fraction of a precession period)."""
    kappa = 0.0 if cell.per_ampere is None else abs(cell.per_ampere.kappa * current)
    beta = 0.0 if cell.torque is None else abs(getattr(cell.torque, "field_like_ratio", 0.0))
    rate = cell.delta + float(np.linalg.norm(cell.xi)) + kappa * (1.0 + cell.alpha * beta)
    step = min(t_end / 200.0, 0.1 / rate)
    if not cell.collinear:
        step = min(step, 0.5 * min(cell.alpha, 1.0) / rate)
    return step
