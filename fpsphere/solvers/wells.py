"""Metastable wells of a landscape on the mesh, found automatically.

``find_wells(mesh, W)`` takes a landscape ``W`` (kT) on the cells -- ``U_d`` where
``exp(-U_d)`` is the stationary state, else ``-ln rho`` of the stationary density --
and returns its wells deeper than ``min_depth``: each a :class:`Well` with its bottom
cell, its depth (the barrier to the nearest lower well, the saddle height found by
flooding) and a *basin*, the cells of its catchment below half the depth above the
bottom: deep inside the well, away from the orbits near the saddle, as the
quasi-stationary rates of :mod:`.metastable` need.

Flooding is the sublevel-set merge tree (elder rule) of the mesh graph with edge
heights ``max(W_i, W_j)``, computed on its minimum spanning tree (the minimax paths
of the graph are those of the tree): a sort and one union-find pass over ``N - 1``
edges.  Depends on :mod:`fpsphere.mesh`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csg

__all__ = ["Well", "find_wells"]


@dataclass(frozen=True)
class Well:
    """One metastable well.

    Attributes
    ----------
    bottom : index of the lowest cell.
    depth : barrier (kT) to the nearest lower well; ``inf`` for the deepest.
    basin : (N,) bool, the cells of the well below ``W_bottom + depth / 2`` (for the
        deepest well: below the half-depth of the next one), connected to the bottom.
    """

    bottom: int
    depth: float
    basin: np.ndarray


def _merge_tree(mesh, W: np.ndarray) -> np.ndarray:
    """(N,) depth of each cell as a minimum (0 for non-minima, inf for the lowest)."""
    i, j = mesh.edges.T
    height = np.maximum(W[i], W[j])
    n = mesh.n_cells
    # strictly positive weights for the spanning tree (csgraph drops zeros)
    graph = sp.csr_matrix((height - W.min() + 1.0, (i, j)), shape=(n, n))
    tree = csg.minimum_spanning_tree(graph).tocoo()
    order = np.argsort(tree.data, kind="stable")
    a_edges, b_edges = tree.row[order], tree.col[order]
    levels = tree.data[order] + W.min() - 1.0
    parent = np.arange(n)
    low = np.arange(n)  # the lowest cell of each component (at its root)
    depth = np.zeros(n)

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, level in zip(a_edges.tolist(), b_edges.tolist(), levels.tolist(), strict=True):
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        if W[low[ra]] > W[low[rb]]:
            ra, rb = rb, ra  # ra holds the older (lower) minimum
        young = low[rb]
        depth[young] = level - W[young]
        parent[rb] = ra
    depth[int(np.argmin(W))] = np.inf
    return depth


def find_wells(mesh, W: np.ndarray, *, min_depth: float = 4.0) -> list[Well]:
    """Wells of ``W`` (kT, on the cells) at least ``min_depth`` deep, deepest first.

    Returns an empty list or a single well when the landscape has no metastability.
    """
    W = np.asarray(W, dtype=float)
    depth = _merge_tree(mesh, W)
    bottoms = np.flatnonzero(depth >= min_depth)
    bottoms = bottoms[np.argsort(W[bottoms])]
    if bottoms.size < 2:
        return [Well(int(b), float(depth[b]), np.ones(mesh.n_cells, bool)) for b in bottoms]
    merge = W[bottoms] + depth[bottoms]  # the saddle where each well joins a lower one
    i, j = mesh.edges.T
    wells = []
    for b, top in zip(bottoms, merge, strict=True):
        # halfway to the lowest saddle above the bottom: no other well joins below it
        others = merge[(merge > W[b]) & (merge != top)]
        half = 0.5 * min(top, others.min(initial=np.inf)) - 0.5 * W[b]
        below = W < W[b] + half
        keep = below[i] & below[j]
        graph = sp.csr_matrix((np.ones(int(keep.sum())), (i[keep], j[keep])),
                              shape=(mesh.n_cells,) * 2)
        _, labels = csg.connected_components(graph, directed=False)
        wells.append(Well(int(b), float(depth[b]), below & (labels == labels[b])))
    return wells
