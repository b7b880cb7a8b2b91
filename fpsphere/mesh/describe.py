"""What a mesh is, read back from its points: ``"latlon(200, 32)"``, ``"icosphere(5)"``.

Reports and help texts name meshes the way users build them.  Only geometry is read;
depends on :class:`~fpsphere.mesh.sphere.SphereMesh` alone.
"""

from __future__ import annotations

import numpy as np

from fpsphere.mesh.sphere import SphereMesh

__all__ = ["describe_mesh", "icosphere_level", "latlon_shape"]


def latlon_shape(mesh: SphereMesh) -> tuple[int, int] | None:
    """``(n_rings, n_per_ring)`` of an axis-aligned z latlon mesh, else None."""
    points = mesh.points
    if not (np.allclose(points[0], (0, 0, 1)) and np.allclose(points[-1], (0, 0, -1))):
        return None
    z = points[1:-1, 2]
    per_ring = int(np.argmax(np.abs(np.diff(z)) > 1e-12)) + 1 if z.size > 1 else 0
    if per_ring < 3 or z.size % per_ring:
        return None
    rings = z.size // per_ring
    theta = (np.arange(rings) + 0.5) * np.pi / rings
    if not np.allclose(z[::per_ring], np.cos(theta), atol=1e-12):
        return None
    return rings, per_ring


def icosphere_level(mesh: SphereMesh) -> int | None:
    """The bisection level ``L`` when the mesh has ``10 * 4**L + 2`` cells, else None."""
    return next((k for k in range(12) if 10 * 4**k + 2 == mesh.n_cells), None)


def describe_mesh(mesh: SphereMesh) -> str:
    """``"latlon(200, 32)"``, ``"icosphere(5)"`` or ``"mesh of N cells"``.

    >>> from fpsphere.mesh import icosphere, latlon
    >>> describe_mesh(icosphere(2)), describe_mesh(latlon(8, 6))
    ('icosphere(2)', 'latlon(8, 6)')
    """
    shape = latlon_shape(mesh)
    if shape is not None:
        return f"latlon({shape[0]}, {shape[1]})"
    level = icosphere_level(mesh)
    return f"icosphere({level})" if level is not None else f"mesh of {mesh.n_cells} cells"
