"""Stationary states ``L rho = 0``, ``sum(A rho) = 1``, solved in g-form.

The unknown is ``g = rho exp(U_d - U_min)``: equation ``N g = 0`` with ``N`` the
g-form generator (:attr:`Generator.g_form`), whose equilibrium parts are exact
differences of ``g``.  The singular system is closed by dropping
the one redundant equation that is safe to drop: with ``y = exp(-(U_d - U_min))``
the left null vector of ``N``, row ``k`` equals ``-(1/y_k) sum_{i != k} y_i row_i``;
taking ``k`` the most probable cell (largest ``y_k``) makes that combination a
contraction, so no accuracy is lost (a randomly pinned row can amplify errors by
``exp(U_k - U_min)``).  ``g_k = 1`` fixes the scale; normalization follows.  Iterative refinement
with the residual in g-form recovers full accuracy where plain solves lose it
to the nearly-decoupled wells of high barriers.  Methods are registered in
:data:`STATIONARY_METHODS`: ``"direct"`` (SuperLU) and ``"amg"`` (pyamg
smoothed aggregation preconditioning restarted GMRES on ``N dg = -N g0``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl

from fpsphere.errors import ParameterError

__all__ = ["stationary_g", "STATIONARY_METHODS", "DIRECT_LIMIT"]

#: Above this many cells ``method="auto"`` uses algebraic multigrid.
DIRECT_LIMIT = 200_000


def _reduced(n_mat: sp.csr_matrix, y: np.ndarray):
    """Drop the equation of the most probable cell ``k`` and fix ``g_k = 1``.

    The dropped row is ``-(1/y_k) sum_i y_i row_i`` (``y`` the left null vector):
    redundant, and with ``y_k = max(y)`` recovering it amplifies nothing, unlike a
    row picked at random.  The reduced matrix stays sparse (no dense border).
    """
    k = int(np.argmax(y))
    keep = np.ones(n_mat.shape[0], dtype=bool)
    keep[k] = False
    csc = n_mat.tocsc()
    reduced = csc[keep][:, keep].tocsc()
    rhs = -np.asarray(csc[keep][:, [k]].todense()).ravel()
    return k, keep, reduced, rhs


def _direct(n_mat: sp.csr_matrix, y: np.ndarray, w: np.ndarray, tol: float) -> np.ndarray:
    k, keep, reduced, rhs = _reduced(n_mat, y)
    lu = spl.splu(reduced, permc_spec="COLAMD")
    g = np.ones(n_mat.shape[0])
    g[keep] = lu.solve(rhs)
    scale = abs(n_mat) @ np.abs(g)
    for _ in range(3):  # iterative refinement on the full residual (g-form differences)
        r = -(n_mat @ g)
        if np.all(np.abs(r[keep]) <= tol * scale[keep]):
            break
        g[keep] += lu.solve(r[keep])
    return g


def _amg(n_mat: sp.csr_matrix, y: np.ndarray, w: np.ndarray, tol: float) -> np.ndarray:
    import pyamg

    g0 = np.ones(n_mat.shape[0])
    r0 = -(n_mat @ g0)
    row_scale = abs(n_mat) @ g0
    if np.all(np.abs(r0) <= 1e-13 * row_scale):
        return g0  # constant g solves it to round-off (equilibrium)
    ml = pyamg.smoothed_aggregation_solver(n_mat.tocsr(), symmetry="nonsymmetric",
                                           max_coarse=500)
    m = ml.aspreconditioner(cycle="V")
    dg, info = spl.gmres(n_mat, r0, M=m, rtol=tol, atol=0.0, restart=60, maxiter=40)
    if info != 0:
        dg, info = spl.bicgstab(n_mat, r0, x0=dg, M=m, rtol=tol, atol=0.0, maxiter=2000)
    if info != 0:
        raise RuntimeError(f"AMG stationary solve did not converge (info={info})")
    return g0 + dg


StationaryMethod = Callable[[sp.csr_matrix, np.ndarray, np.ndarray, float], np.ndarray]
#: Registered stationary solvers: name -> f(N, y, w, tol) -> g (unnormalized).
STATIONARY_METHODS: dict[str, StationaryMethod] = {"direct": _direct, "amg": _amg}


def stationary_g(n_mat: sp.csr_matrix, ud: np.ndarray, areas: np.ndarray, *,
                 method: str = "auto", tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """Stationary state of a g-form generator.

    Returns
    -------
    g : (N,) ``rho exp(U_d - U_min)`` normalized so that ``sum(A rho) = 1``.
    rho : (N,) the normalized density (underflows to 0 beyond ~745 kT above the minimum).
    """
    if method == "auto":
        method = "direct" if n_mat.shape[0] <= DIRECT_LIMIT else "amg"
    if method not in STATIONARY_METHODS:
        raise ParameterError(f"method={method!r} is not allowed: expected 'auto' or one of "
                             f"{sorted(STATIONARY_METHODS)}")
    weight = np.exp(-(ud - ud.min()))
    g = STATIONARY_METHODS[method](n_mat, weight, areas * weight, tol)
    total = float(np.sum(areas * weight * g))
    g = g / total
    # a density is >= 0: values below round-off of the largest g are noise of the solve
    g = np.where((g < 0) & (g > -1e-10 * g.max()), 0.0, g)
    return g, g * weight
