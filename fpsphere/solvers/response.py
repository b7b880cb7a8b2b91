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

from fpsphere.solvers.stationary import OrderedLU

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
    h[keep] = OrderedLU(n_mat[keep][:, keep]).solve(rhs[keep])
    x = weight * h
    return x - pi * np.sum(areas * x)  # defined up to the kernel, the stationary state


def _direct_response(disc, source, pi, weights, w) -> complex:
    import scipy.sparse as sp

    if w == 0:
        return complex(weights @ solve_mean_zero(disc.generator, disc.mesh.areas, pi, -source))
    eye = sp.identity(pi.size, format="csc")
    return complex(weights @ spl.spsolve((1j * w * eye - disc.matrix).tocsc(),
                                         source.astype(complex)))


def _frequencies(omega: np.ndarray, progress: bool):
    """``omega``, through a tqdm bar (stderr) when ``progress``."""
    if not progress:
        return omega
    from tqdm import tqdm

    return tqdm(omega, desc="fpsphere susceptibility", unit="frequency")


def susceptibility(disc, shifted, step: float, pi: np.ndarray, values: np.ndarray,
                   omega: np.ndarray, wells=None, slow=None,
                   progress: bool = False) -> np.ndarray:
    """Complex (F,) ``chi(omega) = sum(A a rho_1)`` with ``(i omega - L) rho_1 = L_1 pi``.

    ``shifted``: the same discretization of the model with the field ``+step`` and
    ``-step`` added along the observable's direction (``L_1`` by central difference);
    ``values``: the observable ``a`` on the cells.  Without metastable wells: one direct
    solve per frequency.  With two or more wells (``wells()``), the response is split:
    the populations of the wells respond through the Markov state model,
    ``(i omega - Q^T) dp = dQ^T p`` (``dQ`` by the same central difference), and the
    rest through a direct solve with the source's well-population part (measured with
    the committors) removed -- its round-off, ``~eps |L| / step``, would otherwise
    dominate the slow response -- at ``max(omega, omega_c)`` with ``omega_c`` between
    the slow rates and the fast ones (``max(1e6 noise, sqrt(lambda_slow))``; the
    intra-well response is flat below it).  Relative accuracy down to ``omega = 0`` at
    any barrier; where the wells are too shallow for that split the direct solves are
    accurate and used.  ``slow``: optional ``[base, plus, minus]`` discretizations the
    Markov state models are built on instead (the dissipative parts where precession
    cannot couple to the escape).
    """
    from fpsphere.solvers.metastable import committors
    from fpsphere.solvers.msm import markov_state_model
    from fpsphere.solvers.relaxation import noise_floor

    source = (shifted[0].matrix @ pi - shifted[1].matrix @ pi) / (2.0 * step)
    areas = disc.mesh.areas
    weights = areas * values
    found = wells() if wells is not None else []
    if len(found) < 2:
        return np.array([_direct_response(disc, source, pi, weights, w)
                         for w in _frequencies(omega, progress)])
    models = [markov_state_model(d.generator, areas, found)
              for d in (slow or (disc, *shifted))]
    p = models[0].populations
    a = models[0].well_means(values)
    dq = (models[1].rates - models[2].rates) / (2.0 * step)
    slowest = float(np.abs(models[0].eigenvalues()[1:]).max())
    omega_c = max(1e6 * noise_floor(disc), np.sqrt(slowest))
    if omega_c > 1e-2:  # the wells are not separated from the fast modes: stay direct
        return np.array([_direct_response(disc, source, pi, weights, w)
                         for w in _frequencies(omega, progress)])
    # the source's well-population part, measured with the committors (the left slow
    # eigenvectors), is the Markov state model's; the rest drives the fast response
    q = committors((slow or [disc])[0].generator, [w.basin for w in found])
    fast_source = source - (q @ (areas * source)) @ models[0].densities
    out = np.empty(omega.size, dtype=complex)
    for k, w in enumerate(_frequencies(omega, progress)):
        dp = np.linalg.lstsq(1j * w * np.eye(p.size) - models[0].rates.T, dq.T @ p,
                             rcond=None)[0]
        dp -= p * dp.sum()  # population changes conserve probability
        fast = _direct_response(disc, fast_source, pi, weights, max(w, omega_c))
        out[k] = fast + a @ dp
    return out
