"""High-barrier relaxation rates from the committor (reversible part of the generator).

Shift-invert cannot resolve ``lambda_1 ~ 1e-24`` in relative terms: rounding of the
diagonal acts as a leak ~1e-16 of the fast rates.  For a *reversible* generator
(equilibrium, and precession that does not couple to the escape, e.g. axial
potentials) the slowest rate is the minimum of the Rayleigh quotient
``D(x) / Var_pi(x)`` of the Dirichlet form, and the committor ``q`` between two
basins (``q = 0`` on A, ``1`` on B, harmonic elsewhere) is its minimizer up to
corrections of relative order ``lambda_1 / lambda_2``.  Both ``D(q)`` and
``Var_pi(q)`` are sums of non-negative terms computed with local exponent
shifts, so ``lambda_1 = D(q) / Var_pi(q)`` keeps its relative accuracy at any
barrier height.  The escape rates follow as ``k_AB = cap / pi(A-side)``.

Written with the Scharfetter-Gummel weights of :class:`~fpsphere.operators.Generator`
(``w_e = sg_e exp(-(m_e - U_min))``): the symmetric part of the operator in the
``1/pi`` inner product.  Precession (the skew part) does not enter, which is exact
for reversible dynamics and wrong where precession couples to the escape
(transverse fields at low damping: use the spectrum there).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl

__all__ = ["MetastableRates", "committor_rates", "precession_may_couple"]


@dataclass(frozen=True)
class MetastableRates:
    """Slowest rate and escape rates between two basins (1/tau_N).

    Attributes
    ----------
    lambda_1 : slowest nonzero relaxation rate ``D(q) / Var_pi(q)``.
    rate_ab, rate_ba : escape rates A -> B and B -> A (``lambda_1 = rate_ab + rate_ba``).
    committor : (N,) probability of reaching B before A from each cell.
    """

    lambda_1: float
    rate_ab: float
    rate_ba: float
    committor: np.ndarray


def committor_rates(gen, areas: np.ndarray, in_a: np.ndarray, in_b: np.ndarray) -> MetastableRates:
    """Committor-based rates of the reversible part of ``gen`` between masks ``in_a``, ``in_b``."""
    mesh = gen.mesh
    ud = gen.ud
    u_min = ud.min()
    i, j = mesh.edges.T
    mid = 0.5 * (ud[i] + ud[j])
    with np.errstate(under="ignore"):
        weight = gen.sg * np.exp(-(mid - u_min))
        pi = areas * np.exp(-(ud - u_min))
    n = mesh.n_cells
    lap = sp.csr_matrix((np.concatenate([weight, weight]),
                         (np.concatenate([i, j]), np.concatenate([j, i]))), shape=(n, n))
    degree = np.asarray(lap.sum(axis=1)).ravel()
    free = ~(in_a | in_b)
    q = np.where(in_b, 1.0, 0.0)
    # harmonic rows, each divided by its degree (a convex combination: well scaled)
    scale = 1.0 / np.where(degree > 0, degree, 1.0)
    rows = sp.diags(scale[free]) @ lap[free]
    system = (sp.identity(int(free.sum()), format="csc") - rows[:, free]).tocsc()
    q[free] = spl.spsolve(system, rows[:, in_b] @ np.ones(int(in_b.sum())))
    dirichlet = float(np.sum(weight * (q[i] - q[j]) ** 2))
    total = pi.sum()
    mean = float(np.sum(pi * q) / total)
    variance = float(np.sum(pi * (q - mean) ** 2) / total)
    lambda_1 = dirichlet / total / variance
    # capacity over the population on each side of the committor's half level
    capacity = dirichlet / total
    p_a = float(np.sum(pi * (1 - q)) / total)
    p_b = 1.0 - p_a
    return MetastableRates(lambda_1=lambda_1, rate_ab=capacity / p_a, rate_ba=capacity / p_b,
                           committor=q)


def _rotation(axis: np.ndarray, angle: float) -> np.ndarray:
    x, y, z = axis
    k = np.array([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)


def precession_may_couple(mesh, energy, in_a: np.ndarray, alpha: float) -> bool:
    """True unless ``energy`` is invariant about the axis through basin A (or alpha >= 10).

    For an axially symmetric energy, precession only moves probability along the
    level sets of every axially symmetric mode, so the reversible rates are exact.
    """
    if alpha >= 10.0:
        return False
    axis = (mesh.areas[in_a] @ mesh.points[in_a])
    axis = axis / np.linalg.norm(axis)
    base = energy(mesh.points)
    scale = max(1.0, float(np.abs(base).max()))
    return any(np.abs(energy(mesh.points @ _rotation(axis, a).T) - base).max() > 1e-9 * scale
               for a in (0.7, 2.3))
