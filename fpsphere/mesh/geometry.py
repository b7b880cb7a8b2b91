"""Spherical-geometry primitives on the unit sphere, vectorized over rows.

Pure functions of (n, 3) arrays of unit vectors; no mesh knowledge.  Used by
:mod:`fpsphere.mesh.sphere` to build control volumes from exact spherical
geometry (great-circle arcs and spherical-triangle excesses).
"""

from __future__ import annotations

import numpy as np

__all__ = ["normalized", "arc_length", "signed_triangle_area", "arc_moment"]


def normalized(v: np.ndarray) -> np.ndarray:
    """Rows of ``v`` (n, 3) scaled to unit length."""
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def arc_length(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Great-circle distance (rad) between unit vectors ``a`` and ``b`` (n, 3).

    Uses ``atan2(|a x b|, a.b)``, accurate for tiny and near-antipodal arcs.
    """
    return np.arctan2(np.linalg.norm(np.cross(a, b), axis=-1), np.einsum("ij,ij->i", a, b))


def signed_triangle_area(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Signed area (sr) of the spherical triangles ``a, b, c`` (n, 3 each).

    Positive when ``a, b, c`` run counter-clockwise seen from outside.  Van
    Oosterom & Strackee (1983): ``tan(E/2) = a.(b x c) / (1 + a.b + b.c + c.a)``.
    Signed areas are additive, so sub-triangles with an apex outside their
    parent (obtuse triangles) still sum to the parent's area exactly.
    """
    triple = np.einsum("ij,ij->i", a, np.cross(b, c))
    denom = 1.0 + np.einsum("ij,ij->i", a, b) + np.einsum("ij,ij->i", b, c)
    denom += np.einsum("ij,ij->i", c, a)
    return 2.0 * np.arctan2(triple, denom)


def arc_moment(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Half the first moment ``(theta/2) (a x b)/|a x b|`` of the arcs ``a -> b``.

    For a spherical polygon traversed counter-clockwise, the sum of this over its
    edges is the exact integral of the position vector over its area,
    ``int x dA`` (a consequence of Stokes' theorem); its direction is the
    polygon's spherical centroid.  Written as ``(theta / (2 sin theta)) a x b``,
    which is smooth for short and reversed arcs.
    """
    cross = np.cross(a, b)
    sin = np.linalg.norm(cross, axis=-1)
    theta = np.arctan2(sin, np.einsum("ij,ij->i", a, b))
    ratio = np.where(sin > 1e-300, theta / np.where(sin > 1e-300, sin, 1.0), 1.0)
    return 0.5 * ratio[:, None] * cross
