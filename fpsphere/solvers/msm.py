"""Metastable decomposition: a Markov state model of the wells, at any barrier height.

Where the slow relaxation rates lie below the round-off floor of the operator
(``~eps max|L_ii|``, about 1e-12 per tau_N on a level-7 mesh), no eigensolver or
linear solve on ``L`` resolves them.  Between wells found automatically
(:func:`fpsphere.solvers.wells.find_wells`) the dynamics is a Markov jump process
with rates ``k_ij`` (:func:`markov_state_model`): the quasi-stationary state of
each well, the other wells' basins absorbing, gives the escape fluxes into each of
them (:func:`fpsphere.solvers.metastable.quasi_stationary`), in relative precision
however small they are.  Its generator ``Q`` (``Q_ij = k_ij``, rows summing to 0)
carries the slow cluster of the spectrum, the well populations and the slow part of
correlation functions, with a relative error of order ``lambda_slow / lambda_fast``
(the decomposition error), which the results report.

Depends on :mod:`.metastable` and :mod:`.wells`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla

from fpsphere.solvers.metastable import quasi_stationary
from fpsphere.solvers.wells import Well

__all__ = ["MarkovStateModel", "markov_state_model", "stationary_vector"]


def stationary_vector(Q: np.ndarray) -> np.ndarray:
    """Stationary probabilities ``p Q = 0`` of a small generator, in relative precision.

    The Grassmann-Taksar-Heyman elimination: every pivot is a sum of positive rates
    (no subtraction), so populations of 1e-30 come out as accurately as those of 1.
    """
    P = np.array(Q, dtype=float)
    np.fill_diagonal(P, 0.0)
    m = P.shape[0]
    for n in range(m - 1, 0, -1):
        out = P[n, :n].sum()
        P[:n, :n] += np.outer(P[:n, n], P[n, :n]) / out
    p = np.zeros(m)
    p[0] = 1.0
    for n in range(1, m):
        p[n] = p[:n] @ P[:n, n] / P[n, :n].sum()
    return p / p.sum()


@dataclass(frozen=True)
class MarkovStateModel:
    """Jump process between metastable wells.

    Attributes
    ----------
    wells : the wells (:class:`~fpsphere.solvers.wells.Well`).
    rates : (m, m) ``k_ij``, the escape rate from well i into the basin of well j
        (1/tau_N); the diagonal holds ``-sum_j k_ij``.
    densities : (m, N) the quasi-stationary density of each well (``sum(A rho) = 1``).
    areas : (N,) the cell areas.
    """

    wells: list[Well]
    rates: np.ndarray
    densities: np.ndarray
    areas: np.ndarray

    @property
    def populations(self) -> np.ndarray:
        """(m,) stationary well populations (:func:`stationary_vector`)."""
        return stationary_vector(self.rates)

    def eigenvalues(self) -> np.ndarray:
        """(m,) decay rates of the slow cluster, ``0`` first, sorted by real part.

        Two wells: ``k_12 + k_21`` exactly.  More wells: a dense eigensolve of the
        small generator, whose absolute error is ``eps`` times the largest rate.
        """
        m = len(self.wells)
        if m == 2:
            return np.array([0.0, self.rates[0, 1] + self.rates[1, 0]], dtype=complex)
        vals = -sla.eigvals(self.rates)
        vals[np.argmin(np.abs(vals))] = 0.0
        return vals[np.argsort(vals.real, kind="stable")]

    def state(self) -> np.ndarray:
        """(N,) the stationary density as the population-weighted well densities."""
        return self.populations @ self.densities

    def well_means(self, values: np.ndarray) -> np.ndarray:
        """(m,) the mean of cell ``values`` in each well's quasi-stationary state."""
        return self.densities @ (self.areas * values)

    def integrated_correlation(self, values: np.ndarray) -> float:
        """``int_0^inf C_slow(t) dt`` of an observable (tau_N times its unit squared).

        The slow part of the autocorrelation is that of the well means ``a_i`` under
        the jump process: ``sum_i p_i (a_i - a) f_i`` with ``-Q f = a - a_bar`` on the
        mean-zero functions.
        """
        p = self.populations
        a = self.well_means(values)
        delta = a - p @ a
        m = len(self.wells)
        if m == 2:
            return float(p[0] * p[1] * (a[0] - a[1]) ** 2 / (self.rates[0, 1] + self.rates[1, 0]))
        # pin the mean: replace one equation by sum(p f) = 0
        system = -self.rates.copy()
        rhs = delta.copy()
        system[-1] = p
        rhs[-1] = 0.0
        f = np.linalg.solve(system, rhs)
        return float(np.sum(p * delta * f))


def markov_state_model(gen, areas: np.ndarray, wells: list[Well]) -> MarkovStateModel:
    """The :class:`MarkovStateModel` of a generator's g-form between ``wells`` (>= 2).

    One quasi-stationary solve per well, its re-injection at the well's bottom and the
    other wells' basins absorbing.
    """
    m = len(wells)
    rates = np.zeros((m, m))
    densities = np.empty((m, areas.size))
    for i, well in enumerate(wells):
        others = [w.basin for k, w in enumerate(wells) if k != i]
        absorbing = np.logical_or.reduce(others)
        fluxes, densities[i] = quasi_stationary(gen, areas, well.bottom, absorbing, others)
        rates[i, [k for k in range(m) if k != i]] = fluxes
        rates[i, i] = -sum(fluxes)
    return MarkovStateModel(list(wells), rates, densities, areas)
