"""Axis-aligned latitude-longitude meshes for axially symmetric problems.

``latlon(n_rings, n_per_ring, axis)`` puts ``n_per_ring`` points on each of
``n_rings`` latitude circles about ``axis`` (colatitudes ``(k + 1/2) pi / n_rings``,
the same longitudes on every ring) plus the two poles, and triangulates them
directly (two triangles per latitude-longitude quadrilateral, fans at the poles).

Why: the quadrilaterals are cocircular, so the Voronoi edge separating two
consecutive rings joins circumcentres at the same height.  A precession about
``axis`` driven by potentials that depend on ``u . axis`` only has no flux across
those edges, so an axial density is transported exactly (even an upwinded
treatment diffuses only along the rings).  The MRAM switching pulse at
alpha = 0.01 is within 1.7 % on a 14,402-cell latitude-longitude mesh, converging
at second order in the ring spacing.  Icosahedral meshes no longer need this: time
evolution uses the ``skew`` transient operator, accurate there at low damping
(the same pulse within 1.2 % on ``icosphere(6)``; ``docs/explanation/operator.md``,
"Transient operator").  These meshes remain an option when easy axis, field and
polarizer are collinear.  Cells near the poles are thin wedges (the pole
problem): keep ``n_per_ring`` moderate.  Sizes beyond
:data:`fpsphere.mesh.icosphere.MAX_CELLS` are refused before anything is allocated,
with the estimate (:func:`fpsphere.mesh.icosphere.size_problem`).

Depends on :mod:`.sphere`, :mod:`.validate` and the size limits of :mod:`.icosphere`.
"""

from __future__ import annotations

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.mesh.icosphere import size_problem
from fpsphere.mesh.sphere import SphereMesh
from fpsphere.mesh.validate import check_mesh

__all__ = ["latlon"]


def _frame(axis) -> np.ndarray:
    """(3, 3) rotation whose third column is the unit ``axis``."""
    try:
        a = np.asarray(axis, dtype=float)
    except (TypeError, ValueError, OverflowError):
        a = np.full(0, np.nan)
    if a.shape != (3,) or not np.all(np.isfinite(a)) or not np.any(a):
        raise ParameterError(f"axis={axis!r} is not allowed: expected 3 finite numbers, not "
                             "all zero")
    a = a / np.abs(a).max()  # no overflow in the norm
    a = a / np.linalg.norm(a)
    helper = np.array([1.0, 0, 0]) if abs(a[0]) < 0.9 else np.array([0, 1.0, 0])
    e1 = np.cross(helper, a)
    e1 /= np.linalg.norm(e1)
    return np.stack([e1, np.cross(a, e1), a], axis=1)


def latlon(n_rings: int, n_per_ring: int | None = None, axis=(0.0, 0.0, 1.0)) -> SphereMesh:
    """Latitude-longitude mesh about ``axis`` with ``n_rings * n_per_ring + 2`` cells.

    Parameters
    ----------
    n_rings : int, >= 2
        Number of latitude rings; the ring spacing is ``pi / n_rings`` rad.
    n_per_ring : int, >= 3, optional
        Points per ring (default ``n_rings``); ``n_rings * n_per_ring + 2`` is at most
        :data:`~fpsphere.mesh.icosphere.MAX_CELLS`.
    axis : 3-vector
        The symmetry axis (poles at ``+-axis``).
    """
    n_per_ring = n_rings if n_per_ring is None else n_per_ring
    for name, value, low in (("n_rings", n_rings, 2), ("n_per_ring", n_per_ring, 3)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
            raise ParameterError(f"{name}={value!r} is not allowed: expected an int >= {low}")
    k_, m_ = int(n_rings), int(n_per_ring)
    problem = size_problem(k_ * m_ + 2)
    if problem:
        raise ParameterError(f"n_rings={n_rings!r}, n_per_ring={n_per_ring!r} is not allowed: "
                             f"{problem}")
    theta = (np.arange(k_) + 0.5) * np.pi / k_
    phi = np.arange(m_) * 2.0 * np.pi / m_
    t, p = np.meshgrid(theta, phi, indexing="ij")
    ring = np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], -1).reshape(-1, 3)
    points = np.vstack([[0.0, 0.0, 1.0], ring, [0.0, 0.0, -1.0]]) @ _frame(axis).T
    index = 1 + np.arange(k_ * m_).reshape(k_, m_)
    nxt = np.roll(index, -1, axis=1)
    top, bottom = 0, k_ * m_ + 1
    quads_a = np.stack([index[:-1], index[1:], nxt[1:]], -1).reshape(-1, 3)
    quads_b = np.stack([index[:-1], nxt[1:], nxt[:-1]], -1).reshape(-1, 3)
    cap_top = np.stack([np.full(m_, top), index[0], nxt[0]], -1)
    cap_bottom = np.stack([np.full(m_, bottom), nxt[-1], index[-1]], -1)
    triangles = np.vstack([cap_top, quads_a, quads_b, cap_bottom]).astype(np.int64)
    mesh = SphereMesh(points, triangles)
    check_mesh(mesh)
    return mesh
