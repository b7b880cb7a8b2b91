"""Stabilization of a non-equilibrium generator about its own stationary state.

Any two-point flux ``F_e = P g_i + Q g_j`` can be rewritten with the stationary
state ``pi`` (``g = G`` there) and ``x = rho / pi`` as

    F_e = kappa_e (x_i - x_j) + j_e (x_i + x_j) / 2,
    kappa_e = (P G_i - Q G_j) / 2,   j_e = (P G_i + Q G_j) / 2,

where ``j`` is the stationary current, divergence-free because ``pi`` is
stationary.  With ``E(rho) = sum_i A_i rho_i^2 / pi_i``,
``dE/dt = -2 sum_e kappa_e (x_i - x_j)^2``: the generator has no growing mode
when every ``kappa_e >= 0`` (``pi > 0``).  This module adds, on the edges where
``kappa_e < 0`` only, the flux ``eta_e (x_i - x_j)`` with ``eta_e = -kappa_e``
(times ``1 + margin``).  The added flux vanishes at ``pi``, so the stationary
state, conservation and exact equilibrium are untouched, and where the centred
scheme is already dissipative nothing changes (``docs/explanation/operator.md``).
"""

from __future__ import annotations

import numpy as np

from fpsphere.operators.generator import Generator

__all__ = ["dissipation_weights", "stabilized"]


def dissipation_weights(gen: Generator, g: np.ndarray) -> np.ndarray:
    """(E,) ``kappa_e`` (units ``exp(-m_e)``) of ``gen`` about the stationary ``g``."""
    i, j = gen.mesh.edges.T
    p, q = gen.edge_coefficients()
    return 0.5 * (p * g[i] - q * g[j])


def stabilized(gen: Generator, g: np.ndarray, margin: float = 0.05) -> tuple[Generator, int]:
    """``gen`` plus the least ``x``-diffusion making every ``kappa_e >= 0``.

    Parameters
    ----------
    gen : Generator
    g : (N,) stationary state of ``gen`` in g-form (``rho exp(U_d)``), all > 0.
    margin : relative excess of the added diffusion over ``-kappa_e``.

    Returns
    -------
    (Generator, number of edges changed)
    """
    if np.any(g <= 0):
        raise ValueError("stabilization needs a positive stationary state")
    i, j = gen.mesh.edges.T
    kappa = dissipation_weights(gen, g)
    eta = np.where(kappa < 0, -kappa * (1.0 + margin), 0.0)
    half = 0.5 * (gen.ud[j] - gen.ud[i])
    # eta (x_i - x_j) exp(-m) with x_k = g_k / G_k = rho_k exp(U_k) / G_k
    forward = eta * np.exp(-half) / g[i]
    backward = -eta * np.exp(half) / g[j]
    return gen.with_extra(forward, backward, gen.scheme + "+stabilized"), int((eta > 0).sum())
