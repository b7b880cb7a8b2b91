"""The slowest relaxation modes of a generator: shift-invert Arnoldi.

``slowest_rates(L, k)`` returns the ``k`` eigenvalues of ``-L`` with the smallest
real parts (rates in 1/tau_N, ``rates[0] ~ 0`` the stationary mode), sorted by
real part; imaginary parts are precession frequencies.  The shift is slightly
negative, ``-shift_scale`` times the mean diagonal magnitude, so that ``L - shift I``
is non-singular while the spectrum near zero is still the nearest.  Rates far below
``1e-12`` of the fast ones are not resolved in relative terms by any shift-invert
method in double precision (see ``docs/explanation/operator.md``); for high barriers
the slow rates come from the metastable decomposition of
:mod:`fpsphere.solvers.metastable` (``FokkerPlanck.metastable_rates``), which the plain
``FokkerPlanck.spectrum`` calls use automatically.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl

__all__ = ["slowest_rates"]


def slowest_rates(L: sp.csr_matrix, k: int, *, vectors: bool = False, shift_scale: float = 1e-6,
                  tol: float = 1e-12):
    """``k`` slowest rates (complex, sorted by real part) and optionally eigenvectors (N, k)."""
    n = L.shape[0]
    scale = float(np.abs(L.diagonal()).mean())
    sigma = -shift_scale * scale
    extra = min(n - 2, max(2 * k + 1, k + 6))
    vals, vecs = spl.eigs(L.tocsc(), k=min(extra, n - 2), sigma=sigma, which="LM", tol=tol)
    rates = -vals
    order = np.argsort(rates.real, kind="stable")[:k]
    rates, vecs = rates[order], vecs[:, order]
    return (rates, vecs) if vectors else rates
