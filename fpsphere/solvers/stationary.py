"""Stationary states ``L rho = 0``, ``sum(A rho) = 1``, solved in g-form.

The unknown is ``g = rho exp(U_d - U_min)``: equation ``N g = 0`` with ``N`` the
g-form generator (:attr:`Generator.g_form`), whose equilibrium parts are exact
differences of ``g``.  The singular system is closed by bordering, not by
replacing an equation::

    [ N    y ] [g]   [0]        y = exp(-(U_d - U_min)),  the left null vector of N
    [ w^T  0 ] [s] = [1]        w = A exp(-(U_d - U_min)), the normalization

(non-singular because ``y`` is not in the range of ``N`` and ``w`` is not
orthogonal to its kernel; ``s`` comes out as round-off).  Iterative refinement
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


def _direct(n_mat: sp.csr_matrix, y: np.ndarray, w: np.ndarray, tol: float) -> np.ndarray:
    n = n_mat.shape[0]
    bordered = sp.bmat([[n_mat, sp.csr_matrix(y[:, None])], [sp.csr_matrix(w[None, :]), None]],
                       format="csc")
    lu = spl.splu(bordered, permc_spec="COLAMD")
    rhs = np.zeros(n + 1)
    rhs[-1] = 1.0
    x = lu.solve(rhs)
    for _ in range(3):
        r = rhs - bordered @ x
        if np.abs(r[:n]).max() <= tol * np.abs(n_mat).max() * np.abs(x[:n]).max():
            break
        x += lu.solve(r)
    return x[:n]


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
