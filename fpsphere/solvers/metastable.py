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

from fpsphere.solvers.stationary import OrderedLU

__all__ = [
    "MetastableRates",
    "backward_rates",
    "committor_rates",
    "committors",
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
    q[free] = OrderedLU(system).solve(rows[:, in_b] @ np.ones(int(in_b.sum())))
    # D(q) is the flux of the harmonic q through any cut separating A from B; through the
    # edges crossing q = 1/2 (the saddle) it keeps its relative precision, where the
    # sum of w (dq)^2 over all edges collects the round-off of q in the wells, ~eps^2,
    # which exceeds D(q) beyond ~75 kT
    cut = (q[i] < 0.5) != (q[j] < 0.5)
    dirichlet = float(np.sum(weight[cut] * np.abs(q[i] - q[j])[cut]))
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
    """(E,) jump rates ``i -> j`` and ``j -> i`` (:meth:`Generator.jump_rates`)."""
    return gen.jump_rates()


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
    times[free] = OrderedLU(system).solve(mesh.areas[free])
    return times


def committors(gen, basins: list[np.ndarray]) -> np.ndarray:
    """(m, N) forward committors: the probability of reaching each basin first.

    ``q_i = 1`` on basin ``i``, 0 on the others, ``L* q_i = 0`` elsewhere (backward
    equation in difference form, :meth:`Generator.jump_rates`); one factorization.
    These are the left slow eigenvectors of a metastable generator up to corrections
    of order ``lambda_slow / lambda_fast``.
    """
    mesh = gen.mesh
    i, j = mesh.edges.T
    a, b = gen.jump_rates()
    n = mesh.n_cells
    rates = sp.csr_matrix((np.concatenate([a, b]), (np.concatenate([i, j]),
                                                    np.concatenate([j, i]))), shape=(n, n))
    out_rate = np.asarray(rates.sum(axis=1)).ravel()
    inside = np.logical_or.reduce(basins)
    free = ~inside
    lu = OrderedLU(sp.diags(out_rate[free]) - rates[free][:, free])
    coupling = rates[free]
    q = np.zeros((len(basins), n))
    for k, basin in enumerate(basins):
        q[k, basin] = 1.0
        q[k, free] = lu.solve(coupling @ basin.astype(float))
    return q


def quasi_stationary(gen, areas: np.ndarray, bottom: int, absorbing: np.ndarray,
                     targets: list[np.ndarray] | None = None):
    """Quasi-stationary state of the well at cell ``bottom`` with ``absorbing`` cells.

    The escaping probability is re-injected at ``bottom`` (which makes the balance
    exact) and the equation of ``bottom`` dropped with ``g = 1`` there.  The reduced
    matrix is the process killed at ``absorbing`` and at ``bottom``: its slowest rate is
    an intra-well rate, so the solve is well conditioned however small the escape
    rate is (the global stationary state and mean first-passage times are not: their
    error is ~eps / lambda_1).  Fluxes and mass are sums in g-form with local exponent
    shifts; the re-injection changes the state only deep in the well, by a relative
    ``O(k / lambda_2)``.

    Returns
    -------
    rates : list of the escape rates (1/tau_N) into each mask of ``targets`` (default:
        ``[absorbing]``), flux over the mass outside ``absorbing``.
    density : (N,) the quasi-stationary density (normalized to 1, 0 on ``absorbing``).
    """
    keep = ~absorbing
    ud = gen.ud
    shift = ud[keep].min()
    n_mat = gen.g_form.tocsr()
    unknown = keep.copy()
    unknown[bottom] = False
    g = np.zeros(ud.size)
    g[bottom] = 1.0
    system = n_mat[unknown][:, unknown].tocsc()
    lu = OrderedLU(system)
    g[unknown] = lu.solve(-(n_mat[unknown][:, [bottom]].toarray().ravel()))
    for _ in range(2):  # iterative refinement (the g-form residual is a sum of differences)
        residual = -(n_mat[unknown] @ g)
        g[unknown] += lu.solve(residual)
    with np.errstate(under="ignore"):
        weight = np.exp(-(ud - shift))
    mass = float(np.sum(areas[keep] * weight[keep] * g[keep]))
    inflow = weight * (n_mat @ g)
    rates = [float(np.sum(inflow[t])) / mass for t in (targets or [absorbing])]
    return rates, np.where(keep, weight * g / mass, 0.0)


def quasi_stationary_rate(gen, areas: np.ndarray, in_a: np.ndarray,
                          in_b: np.ndarray) -> tuple[float, np.ndarray]:
    """Escape rate A -> B of any conservative generator, at any barrier height.

    :func:`quasi_stationary` of the A side with ``B`` absorbing, re-injected at the
    most probable cell of ``A``.  Returns ``(k_AB, density)``.
    """
    k = int(np.flatnonzero(in_a)[np.argmin(gen.ud[in_a])])
    rates, density = quasi_stationary(gen, areas, k, in_b)
    return rates[0], density
