"""Linear response: solves ``L x = s`` on the mean-zero subspace, in g-form.

``L = A^{-1} E^{-1} N E`` with ``E = exp(U_d - U_min)``; ``x = h / E`` turns
``L x = s`` into ``N h = A E s``, whose right side is of order one wherever the
density lives.  The redundant equation of the most probable cell is dropped
(as in :mod:`.stationary`) and the kernel component (the stationary state) is
removed so that ``sum(A x) = 0``.  Used by the integral relaxation time and the
static susceptibility.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse.linalg as spl

__all__ = ["solve_mean_zero", "susceptibility"]


def solve_mean_zero(gen, areas: np.ndarray, pi: np.ndarray, source: np.ndarray) -> np.ndarray:
    """``x`` with ``L x = source`` and ``sum(areas * x) = 0`` (``sum(areas * source) = 0``)."""
    weight = np.exp(-(gen.ud - gen.ud.min()))
    safe = np.where(weight > 0, weight, 1.0)
    n_mat = gen.g_form.tocsc()
    rhs = areas * source / safe
    k = int(np.argmax(weight))
    keep = np.arange(n_mat.shape[0]) != k
    h = np.zeros(n_mat.shape[0])
    h[keep] = spl.spsolve(n_mat[keep][:, keep], rhs[keep])
    x = weight * h
    return x - pi * np.sum(areas * x)  # defined up to the kernel, the stationary state


def susceptibility(disc, shifted, step: float, pi: np.ndarray, values: np.ndarray,
                   omega: np.ndarray) -> np.ndarray:
    """Complex (F,) ``chi(omega) = sum(A a rho_1)`` with ``(i omega - L) rho_1 = L_1 pi``.

    ``shifted``: the same discretization of the model with the field ``+step`` and
    ``-step`` added along the observable's direction (``L_1`` by central difference);
    ``values``: the observable ``a`` on the cells.  At ``omega = 0`` the static
    response on the mean-zero subspace.
    """
    import scipy.sparse as sp

    source = (shifted[0].matrix @ pi - shifted[1].matrix @ pi) / (2.0 * step)
    areas = disc.mesh.areas
    weights = areas * values
    eye = sp.identity(areas.size, format="csc")
    L = disc.matrix.tocsc()
    out = np.empty(omega.size, dtype=complex)
    for k, w in enumerate(omega):
        if w == 0:
            rho1 = solve_mean_zero(disc.generator, areas, pi, -source)
        else:
            rho1 = spl.spsolve((1j * w * eye - L).tocsc(), source.astype(complex))
        out[k] = weights @ rho1
    return out
