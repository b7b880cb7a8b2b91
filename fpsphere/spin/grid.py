"""Non-uniform 1D grids refined near the interfaces of a stack.

Each layer gets its own nodes, including both of its end points, so every
interface carries two nodes (one per side) and interface conditions can be imposed
exactly. Inside a layer the nodes follow a smooth ``tanh`` map of a uniform
parameter, clustered at both ends where the spin accumulation varies on the
shortest length of the layer; the map being smooth, the scheme keeps its second
order. Doubling ``points`` halves every spacing (up to rounding of the node
counts), which is what the convergence tests rely on.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["layer_node_counts", "layer_nodes"]

MIN_NODES = 9
"""Fewest nodes in one layer (a layer is at least 8 cells)."""


def layer_node_counts(thicknesses: np.ndarray, lengths: np.ndarray, points: int) -> np.ndarray:
    """Split about ``points`` nodes among layers.

    Parameters
    ----------
    thicknesses : ndarray, shape (n_layers,)
        Layer thicknesses (m).
    lengths : ndarray, shape (n_layers,)
        Shortest relaxation length of each layer (m), ``inf`` allowed.
    points : int
        Requested total number of nodes.

    Returns
    -------
    ndarray of int, shape (n_layers,)
        Nodes per layer; a layer's weight grows with the number of relaxation
        lengths it holds (capped: deep inside a thick layer nothing happens).
    """
    ratio = np.minimum(thicknesses / lengths, 20.0)
    weights = 1.0 + ratio
    counts = np.rint(points * weights / weights.sum()).astype(int)
    return np.maximum(counts, MIN_NODES)


def layer_nodes(thickness: float, length: float, count: int) -> np.ndarray:
    """Nodes ``0 … thickness`` of one layer, clustered at both ends.

    Parameters
    ----------
    thickness : float
        Layer thickness (m).
    length : float
        Shortest relaxation length in the layer (m); sets the clustering.
    count : int
        Number of nodes (≥ 2).

    Returns
    -------
    ndarray, shape (count,)
        Increasing positions (m) with ``x[0] = 0`` and ``x[-1] = thickness``.
    """
    xi = np.linspace(0.0, 1.0, count)
    ratio = thickness / length if math.isfinite(length) else 0.0
    # a = ln(t / l) puts about a quarter of the nodes within l of each end.
    a = min(max(math.log(ratio), 0.5), 8.0) if ratio > 1.0 else 0.5
    mapped = 0.5 * (1.0 + np.tanh(a * (2.0 * xi - 1.0)) / math.tanh(a))
    mapped[0], mapped[-1] = 0.0, 1.0
    return thickness * mapped
