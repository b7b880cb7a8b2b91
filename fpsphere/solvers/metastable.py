"""High-barrier relaxation rates: committor (reversible) and quasi-stationary flux (any).

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
(transverse fields at low damping).

For everything else -- spin transfer (non-reversible), precession coupled to the
escape -- :func:`quasi_stationary_rate` gives ``k_AB`` as the flux into ``B`` of the
quasi-stationary state of the A side (``B`` absorbing, re-injection at the bottom of
``A``), from a reduced solve whose conditioning is set by the intra-well rates, not by
``lambda_1``: relative accuracy at any barrier for the full generator, precession
included.  (Mean first-passage times and the global stationary state lose it beyond
~30 kT: their errors scale like ``eps / lambda_1``.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl

__all__ = [
    "MetastableRates",
    "backward_rates",
    "committor_rates",
    "mean_first_passage_times",
    "precession_may_couple",
    "quasi_stationary_rate",
]


@dataclass(frozen=True)
class MetastableRates:
    """Slowest rate and escape rates between two basins (1/tau_N).

    Attributes
    ----------
    lambda_1 : slowest nonzero relaxation rate ``D(q) / Var_pi(q)``.
    rate_ab, rate_ba : escape rates A -> B and B -> A (``lambda_1 = rate_ab + rate_ba``).
    committor : (N,) probability of reaching B before A from each cell (None when the
        rates come from :func:`quasi_stationary_rate`).
    """

    lambda_1: float
    rate_ab: float
    rate_ba: float
    committor: np.ndarray | None


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


def backward_rates(gen) -> tuple[np.ndarray, np.ndarray]:
    """(E,) jump rates ``i -> j`` and ``j -> i`` of the generator (per tau_N, unscaled).

    From the edge flux ``F = P g_i + Q g_j`` (units ``exp(-m)``): ``F = a rho_i - b rho_j``
    with ``a = P exp(U_i - m)``, ``b = -Q exp(U_j - m)``.  The backward operator
    ``(A L* f)_i = sum_j rate_ij (f_j - f_i)`` written with them annihilates constants
    exactly (no rounding leak), which first-passage times at high barriers need.
    """
    i, j = gen.mesh.edges.T
    half = 0.5 * (gen.ud[j] - gen.ud[i])
    p = gen.sg + 0.5 * gen.curl + gen.forward * np.exp(half)
    q = -gen.sg + 0.5 * gen.curl + gen.backward * np.exp(-half)
    return p * np.exp(-half), -q * np.exp(half)


def mean_first_passage_times(gen, target: np.ndarray) -> np.ndarray:
    """(N,) mean time (tau_N) to reach the cells ``target`` from every cell (0 on target)."""
    mesh = gen.mesh
    i, j = mesh.edges.T
    a, b = backward_rates(gen)
    n = mesh.n_cells
    rows = np.concatenate([i, j])
    cols = np.concatenate([j, i])
    rates = sp.csr_matrix((np.concatenate([a, b]), (rows, cols)), shape=(n, n))
    out_rate = np.asarray(rates.sum(axis=1)).ravel()
    free = ~target
    system = (sp.diags(out_rate[free]) - rates[free][:, free]).tocsc()
    times = np.zeros(n)
    times[free] = spl.spsolve(system, mesh.areas[free])
    return times


def quasi_stationary_rate(gen, areas: np.ndarray, in_a: np.ndarray,
                          in_b: np.ndarray) -> tuple[float, np.ndarray]:
    """Escape rate A -> B of any conservative generator, at any barrier height.

    The quasi-stationary state of the A side: ``B`` absorbing, the escaping probability
    re-injected at the most probable cell ``k`` of ``A`` (which makes the balance exact),
    and the equation of ``k`` dropped with ``g_k = 1`` fixed.  The reduced matrix is
    the process killed at ``B`` and at ``k``: its slowest rate is an intra-well rate,
    so the solve is well conditioned however small the escape rate is (the global
    stationary state and the mean first-passage time are not: their error is
    ~eps / lambda_1).  The rate is the flux into ``B`` over the mass outside ``B``,
    both in g-form with local exponent shifts; the re-injection changes the state only
    deep in ``A``, by a relative ``O(k_AB / lambda_2)``.

    Returns
    -------
    rate : k_AB (1/tau_N).
    density : (N,) the quasi-stationary density (normalized to 1 outside B, 0 on B).
    """
    keep = ~in_b
    ud = gen.ud
    shift = ud[keep].min()
    k = int(np.flatnonzero(in_a)[np.argmin(ud[in_a])])
    n_mat = gen.g_form.tocsr()
    unknown = keep.copy()
    unknown[k] = False
    g = np.zeros(ud.size)
    g[k] = 1.0
    system = n_mat[unknown][:, unknown].tocsc()
    g[unknown] = spl.spsolve(system, -(n_mat[unknown][:, [k]].toarray().ravel()))
    for _ in range(2):  # iterative refinement (the g-form residual is a sum of differences)
        residual = -(n_mat[unknown] @ g)
        g[unknown] += spl.spsolve(system, residual)
    with np.errstate(under="ignore"):
        weight = np.exp(-(ud - shift))
    into_b = float(np.sum(weight[in_b] * (n_mat[in_b] @ g)))
    mass = float(np.sum(areas[keep] * weight[keep] * g[keep]))
    density = np.where(keep, weight * g / mass, 0.0)
    return into_b / mass, density
