"""Plots of cell fields on the sphere (matplotlib, imported lazily).

``plot_density(mesh, rho)`` draws the sphere with each triangle coloured by the
mean of its three cells (log scale optional), as seen from ``view``.
"""

from __future__ import annotations

import numpy as np

from fpsphere.mesh import SphereMesh

__all__ = ["plot_density"]


def plot_density(mesh: SphereMesh, rho: np.ndarray, *, ax=None, log: bool = False,
                 view: tuple[float, float] = (25.0, -60.0), cmap: str = "magma",
                 title: str | None = None, colorbar: bool = True):
    """Draw ``rho`` (N,) on the sphere; returns the matplotlib Axes (3D)."""
    import matplotlib.pyplot as plt
    from matplotlib import colors
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    if ax is None:
        fig = plt.figure(figsize=(5, 4.5))
        ax = fig.add_subplot(projection="3d")
    values = np.asarray(rho, dtype=float)[mesh.triangles].mean(axis=1)
    if log:
        floor = values.max() * 1e-12
        norm = colors.LogNorm(vmin=max(values[values > 0].min(), floor), vmax=values.max())
        values = np.maximum(values, floor)
    else:
        norm = colors.Normalize(vmin=values.min(), vmax=values.max())
    mapper = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    faces = Poly3DCollection(mesh.points[mesh.triangles], facecolors=mapper.to_rgba(values),
                             edgecolors="none")
    ax.add_collection3d(faces)
    for setter in (ax.set_xlim, ax.set_ylim, ax.set_zlim):
        setter(-1, 1)
    ax.set_box_aspect((1, 1, 1))
    ax.view_init(*view)
    ax.set_axis_off()
    if colorbar:
        ax.figure.colorbar(mapper, ax=ax, shrink=0.7, label="density" + (" (log)" if log else ""))
    if title:
        ax.set_title(title)
    return ax
