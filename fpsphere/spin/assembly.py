"""Conservative finite differences for n coupled diffusion channels in a stack.

Every model of the subpackage (two-channel, vector, s–d) is the same linear
problem for a vector of ``n`` potentials ``u(x)`` (V) per node:

    J = -C u'        (Ohm's law per channel; C: conductivity matrix, S/m)
    J' = -K u        (relaxation between channels; K: A/(V·m³))

inside each layer, with per-interface conditions (a channel is either
*transparent*: ``u`` and ``J`` continuous, or carried by a conductance ``G``:
``J = G (u_left - u_right)`` on both sides), and at the outer ends ideal
reservoirs (spin accumulation relaxed: ``u ∥ e``) with the charge current
``w·J = J₀`` entering on the left and ``u = 0`` on the right.

The scheme is vertex-centred finite volumes: the flux through the face between
two nodes is ``C (u_k - u_k+1)/h``, each node owns half of each adjacent cell, and
the interface nodes are duplicated (one per side) so that interface conditions
hold exactly. All rows are assembled at once per layer (no Python loop over
nodes), combined by a sparse row operator and solved once with a banded LU.
The charge balance ``w·K = 0`` makes ``w·J`` uniform to round-off.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.linalg.lapack import dgbtrf as gbtrf
from scipy.linalg.lapack import dgbtrs as gbtrs

__all__ = ["ChannelField", "ChannelProblem", "solve_channels"]


@dataclass(frozen=True)
class ChannelProblem:
    """A discretized stack for ``n`` channels.

    Attributes
    ----------
    nodes : tuple of ndarray
        Absolute node positions (m) of each layer, end points included.
    conductivity : ndarray, shape (n_layers, n, n)
        ``C`` of each layer (S/m).
    relaxation : ndarray, shape (n_layers, n, n)
        ``K`` of each layer (S/m³); ``charge @ K = 0``.
    transparent : ndarray of bool, shape (n_layers - 1, n)
        Channels with continuous potentials at each interface.
    conductance : ndarray, shape (n_layers - 1, n, n)
        ``G`` (S/m²) of each interface, acting on the other channels only.
    charge : ndarray, shape (n,)
        ``w`` with charge current ``w·J``.
    equilibrium : ndarray, shape (n,)
        ``e``: reservoir potentials are ``V e`` (``e[0] ≠ 0``).
    """

    nodes: tuple[np.ndarray, ...]
    conductivity: np.ndarray
    relaxation: np.ndarray
    transparent: np.ndarray
    conductance: np.ndarray
    charge: np.ndarray
    equilibrium: np.ndarray


@dataclass(frozen=True)
class ChannelField:
    """Solution of a :class:`ChannelProblem`.

    Attributes
    ----------
    x : ndarray, shape (N,)
        Node positions (m); interface positions appear twice (left, right side).
    potentials : ndarray, shape (N, n)
        ``u`` (V) at the nodes.
    currents : ndarray, shape (N, n)
        ``J`` (A/m²) at the nodes, second-order accurate.
    layer : ndarray of int, shape (N,)
        Layer index of each node.
    left_potential : float
        Reservoir potential ``V`` (V) on the left (right one is 0).
    """

    x: np.ndarray
    potentials: np.ndarray
    currents: np.ndarray
    layer: np.ndarray
    left_potential: float


def _block(rows: np.ndarray, cols: np.ndarray, matrix: np.ndarray, scale: np.ndarray, n: int):
    """COO triplets of ``scale[k] * matrix`` placed at node pairs (rows[k], cols[k])."""
    channel = np.arange(n)
    r = rows[:, None, None] * n + channel[None, :, None]
    c = cols[:, None, None] * n + channel[None, None, :]
    v = scale[:, None, None] * matrix[None, :, :]
    shape = np.broadcast_shapes(r.shape, c.shape, v.shape)
    return (np.broadcast_to(r, shape).ravel(), np.broadcast_to(c, shape).ravel(),
            np.broadcast_to(v, shape).ravel())


def _balance_matrix(problem: ChannelProblem, offsets: np.ndarray, size: int, n: int):
    """Flux balance of every half/whole control volume, without interface terms."""
    parts = []
    for i, x in enumerate(problem.nodes):
        idx = offsets[i] + np.arange(x.size)
        g = 1.0 / np.diff(x)
        C, K = problem.conductivity[i], problem.relaxation[i]
        left, right = idx[:-1], idx[1:]
        parts += [_block(left, left, C, g, n), _block(left, right, C, -g, n),
                  _block(right, left, C, -g, n), _block(right, right, C, g, n)]
        volume = np.zeros(x.size)
        volume[:-1] += 0.5 / g
        volume[1:] += 0.5 / g
        parts.append(_block(idx, idx, K, volume, n))
    rows, cols, vals = (np.concatenate(p) for p in zip(*parts, strict=True))
    return sp.csr_matrix((vals, (rows, cols)), shape=(size, size))


def _banded_solve(matrix: sp.csr_matrix, rhs: np.ndarray) -> np.ndarray:
    """Solve with LAPACK's banded LU (partial pivoting) and one refinement step.

    The refinement makes the residual of every balance row round-off small, so
    that fluxes recomputed from the potentials conserve charge to round-off.
    """
    coo = matrix.tocoo()
    coo.sum_duplicates()
    offset = coo.col - coo.row
    lower, upper = max(0, -offset.min()), max(0, offset.max())
    bands = np.zeros((2 * lower + upper + 1, matrix.shape[0]))
    bands[lower + upper - offset, coo.col] = coo.data
    lu, piv, info = gbtrf(bands, lower, upper, overwrite_ab=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"singular spin-transport matrix (LAPACK info={info})")
    u = gbtrs(lu, lower, upper, rhs, piv)[0]
    correction = gbtrs(lu, lower, upper, rhs - matrix @ u, piv)[0]
    return u + correction


def solve_channels(problem: ChannelProblem, current_density: float) -> ChannelField:
    """Assemble and solve one stack (one banded solve).

    Parameters
    ----------
    problem : ChannelProblem
        The discretized stack.
    current_density : float
        Charge current ``J₀`` (A/m²) along +x.

    Returns
    -------
    ChannelField
    """
    n = problem.charge.size
    counts = np.array([x.size for x in problem.nodes])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    n_nodes = int(counts.sum())
    size = n_nodes * n
    balance = _balance_matrix(problem, offsets, size, n)

    w, e = problem.charge, problem.equilibrium
    keep = np.ones(size, dtype=bool)
    p_rows, p_cols, p_vals = [], [], []
    c_rows, c_cols, c_vals = [], [], []

    def stiffness(layer: int, end: int) -> float:
        """Row scale ``|C|/h`` near a layer end, so that constraint rows match."""
        h = np.diff(problem.nodes[layer])[end]
        return float(np.abs(problem.conductivity[layer]).max() / h)

    # Left reservoir: w-weighted balance gets J0; other rows pin u to span(e).
    keep[:n] = False
    p_rows += [0] * n
    p_cols += list(range(n))
    p_vals += list(w)
    s = stiffness(0, 0)
    for c in range(1, n):
        c_rows += [c, c]
        c_cols += [c, 0]
        c_vals += [s, -s * e[c] / e[0]]
    # Right reservoir: u = 0.
    last = (n_nodes - 1) * n + np.arange(n)
    keep[last] = False
    s = stiffness(len(counts) - 1, -1)
    c_rows += list(last)
    c_cols += list(last)
    c_vals += [s] * n
    # Interfaces.
    for j in range(len(counts) - 1):
        node_l, node_r = offsets[j + 1] - 1, offsets[j + 1]
        s = stiffness(j, -1)
        for c in np.flatnonzero(problem.transparent[j]):
            row_l, row_r = node_l * n + c, node_r * n + c
            keep[row_l] = False
            p_rows.append(row_r)
            p_cols.append(row_l)
            p_vals.append(1.0)
            c_rows += [row_l, row_l]
            c_cols += [row_l, row_r]
            c_vals += [s, -s]
        G = problem.conductance[j]
        if np.any(G):
            pair = np.array([node_l, node_r])
            for r, c, v in (_block(pair, pair[:1], G, np.array([1.0, -1.0]), n),
                            _block(pair, pair[1:], G, np.array([-1.0, 1.0]), n)):
                c_rows += list(r)
                c_cols += list(c)
                c_vals += list(v)
    kept = np.flatnonzero(keep)
    p_rows += list(kept)
    p_cols += list(kept)
    p_vals += [1.0] * kept.size
    combine = sp.csr_matrix((p_vals, (p_rows, p_cols)), shape=(size, size))
    constraints = sp.csr_matrix((c_vals, (c_rows, c_cols)), shape=(size, size))
    matrix = combine @ balance + constraints
    rhs = np.zeros(size)
    rhs[0] = current_density
    u = _banded_solve(matrix, rhs).reshape(n_nodes, n)
    x = np.concatenate(problem.nodes)
    layer = np.repeat(np.arange(counts.size), counts)
    currents = _nodal_currents(problem, u, offsets)
    return ChannelField(x, u, currents, layer, float(u[0, 0] / e[0]))


def _nodal_currents(problem: ChannelProblem, u: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """``J`` at nodes: face flux corrected by the relaxation over half a cell.

    ``J(x_k) = J(x_k+½) + ∫ K u`` over ``[x_k, x_k+½]`` (trapezoid with the
    midpoint value), from the right face, or from the left face for the last
    node of a layer.
    """
    out = np.empty_like(u)
    for i, x in enumerate(problem.nodes):
        ui = u[offsets[i]:offsets[i] + x.size]
        h = np.diff(x)[:, None]
        C, K = problem.conductivity[i], problem.relaxation[i]
        face = (ui[:-1] - ui[1:]) @ C.T / h
        left_quarter = (3.0 * ui[:-1] + ui[1:]) @ K.T * (h / 8.0)
        right_quarter = (3.0 * ui[1:] + ui[:-1]) @ K.T * (h / 8.0)
        block = out[offsets[i]:offsets[i] + x.size]
        block[:-1] = face + left_quarter
        block[-1] = face[-1] - right_quarter[-1]
    return out
