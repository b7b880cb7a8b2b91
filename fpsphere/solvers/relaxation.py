"""Relaxation analyses of a discretization that choose their own formulation.

Each function takes a :class:`~fpsphere.operators.Discretization` and returns a
number that says how it was obtained (:mod:`.results`).  The choice is measured, not
configured: a direct computation on ``L`` (shift-invert eigenvalues, a linear solve)
has an absolute error of about the operator's round-off floor,
``eps max|L_ii|`` (:func:`noise_floor`; it is also what the stationary mode's
computed rate shows), so its relative error is that floor over the answer.  Where
this exceeds :data:`TRUST`, the slow part comes from the metastable decomposition
(:mod:`.msm`: wells found automatically, quasi-stationary escape rates), whose
relative error is of order ``lambda_slow / lambda_fast``: at sigma = 60 the plain
calls give ``lambda_1 = 4.5e-24`` and the matching relaxation and first-passage
times, where the direct ones return round-off.

* :func:`spectrum`: the ``k`` slowest rates; the slow cluster below the floor from
  the Markov state model of the wells.
* :func:`integral_relaxation_time`: one solve ``L f = pi dA``, or the jump process of
  the well means.
* :func:`mean_first_passage_time`: the backward equation, or the quasi-stationary
  escape rate from the start's well.

Depends on :mod:`.spectrum`, :mod:`.metastable`, :mod:`.msm`, :mod:`.response`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from fpsphere.solvers.metastable import mean_first_passage_times, quasi_stationary
from fpsphere.solvers.msm import MarkovStateModel, markov_state_model
from fpsphere.solvers.response import solve_mean_zero
from fpsphere.solvers.results import Estimate, Rates
from fpsphere.solvers.spectrum import slowest_rates
from fpsphere.solvers.wells import Well

__all__ = [
    "TRUST",
    "integral_relaxation_time",
    "landscape",
    "mean_first_passage_time",
    "noise_floor",
    "spectrum",
]

#: Relative error of a direct computation above which the metastable formulation is
#: used instead (when it is the more accurate of the two).
TRUST = 1e-6
_EPS = float(np.finfo(float).eps)

Wells = Callable[[], list[Well]]


def noise_floor(disc) -> float:
    """Absolute round-off floor of rates and inverse times on ``disc`` (1/tau_N)."""
    return _EPS * float(np.abs(disc.matrix.diagonal()).max())


def landscape(disc, rho: np.ndarray) -> np.ndarray:
    """(N,) the landscape whose wells are the metastable states (kT): ``U_d`` where
    ``exp(-U_d)`` is stationary, else ``-ln rho`` of the stationary density."""
    if disc.exact_state is not None:
        return disc.weights
    with np.errstate(divide="ignore"):
        w = -np.log(np.where(rho > 0, rho, 0.0))
    finite = np.isfinite(w)
    return np.where(finite, w, w[finite].max() + 1.0)


def _msm(disc, wells: list[Well]) -> MarkovStateModel:
    return markov_state_model(disc.generator, disc.mesh.areas, wells)


def _grows(rates: np.ndarray, noise: float) -> bool:
    """Any rate but the stationary one with a real part below ``-10 noise``."""
    others = np.delete(rates.real, int(np.argmin(np.abs(rates))))
    return bool(np.any(others < -10.0 * noise))


def spectrum(disc, k: int, *, wells: Wells, vectors: bool = False, slow=None,
             fallback: Callable | None = None):
    """The ``k`` slowest decay rates of ``disc`` (:class:`Rates`, complex, sorted by
    real part, ``rates[0] = 0`` the stationary mode), optionally with modes (N, k).

    Shift-invert Arnoldi (:func:`.slowest_rates`); rates whose relative error would
    exceed :data:`TRUST` (below ``noise / TRUST``) are replaced, where the metastable
    decomposition is the more accurate, by the eigenvalues of the Markov state model
    of ``wells()`` (its modes: the wells' quasi-stationary densities combined with the
    jump process's eigenvectors).  ``slow``: the discretization the jump rates are
    computed on (default ``disc``; where precession cannot couple to the escape -- a
    common symmetry axis -- its dissipative part, which is exact there and free of the
    centred precession's oscillations at cell Peclet numbers of tens).  ``fallback()``:
    the discretization to use instead where ``disc`` shows growing modes.
    """
    method = "shift-invert"
    rates, modes = slowest_rates(disc.matrix, k, vectors=True)
    if fallback is not None and _grows(rates, noise_floor(disc)):
        # a discretization without growing modes in exact arithmetic shows them: the
        # round-off of its exponentially weighted norm (U_d spanning ~100 kT at low
        # damping); the precession centred in rho has no such weights
        method = f"shift-invert on skew ({disc.name} showed round-off growth)"
        disc = fallback()
        rates, modes = slowest_rates(disc.matrix, k, vectors=True)
    L = disc.matrix
    n = L.shape[0]
    noise = max(float(np.abs(rates).min()), noise_floor(disc))
    with np.errstate(divide="ignore"):
        errors = noise / np.abs(rates)
    errors[rates.real < -10.0 * noise] = np.inf  # growing: not to be trusted at all
    stationary = int(np.argmin(np.abs(rates)))
    errors[stationary] = np.nan
    found = wells() if np.nanmax(errors, initial=0.0) > TRUST else []
    if len(found) >= 2:
        msm = _msm(slow or disc, found)
        mu = msm.eigenvalues()
        m = mu.size
        if rates.size <= m:
            rates, modes = slowest_rates(L, min(m + 1, n - 3), vectors=True)
            with np.errstate(divide="ignore"):
                errors = noise / np.abs(rates)
            errors[rates.real < -10.0 * noise] = np.inf
            stationary = int(np.argmin(np.abs(rates)))
            errors[stationary] = np.nan
        gap = float(np.abs(rates[m])) if rates.size > m else np.inf
        # the cluster is the m rates of smallest real part; match its non-stationary
        # members, in order, with the jump process's nonzero eigenvalues
        members = [j for j in range(m) if j != stationary][:m - 1]
        replaced = False
        left = None
        for i, j in enumerate(members, start=1):
            msm_error = abs(mu[i]) / gap
            if msm_error < errors[j]:
                if left is None:
                    rates, modes = rates.copy(), modes.copy()
                    left = _msm_modes(msm)
                rates[j], modes[:, j], errors[j] = mu[i], left[:, i], msm_error
                replaced = True
        if replaced:
            rates[stationary], modes[:, stationary] = 0.0, left[:, 0]
            method += f", slow cluster from a {m}-well metastable decomposition"
    order = np.argsort(rates.real, kind="stable")[:k]
    if _grows(rates, noise):
        warnings.warn(f"{disc.describe()} has growing modes (decay rate "
                      f"{rates.real.min():.3g} per tau_N): the mesh does not resolve the "
                      "potentials; refine it", UserWarning, stacklevel=3)
    out = Rates(rates[order], method=method, discretization=disc.describe(),
                relative_errors=errors[order])
    return (out, modes[:, order]) if vectors else out


def _msm_modes(msm: MarkovStateModel) -> np.ndarray:
    """(N, m) approximate slow modes: the well densities combined with the eigenvectors
    of the jump process's forward equation, in the order of :meth:`eigenvalues`."""
    vals, vecs = np.linalg.eig(msm.rates.T)
    order = np.argsort((-vals).real, kind="stable")
    return msm.densities.T @ vecs[:, order]


def integral_relaxation_time(disc, values: np.ndarray, pi: np.ndarray, *,
                             wells: Wells, slow=None) -> Estimate:
    """Integral relaxation time (tau_N) of cell ``values`` in the stationary state ``pi``.

    ``tau_int = int_0^inf C(t) dt / C(0)``.  Directly from one solve ``L f = pi dA``
    (``tau_int = -sum(A a f) / C(0)``), whose round-off along the slowest mode gives a
    relative error ``~noise / lambda_slow``; or from the jump process between the
    wells (:meth:`MarkovStateModel.integrated_correlation`), which neglects the fast
    intra-well part: relative error ``~(1 - C_slow(0)/C(0)) / (tau_int lambda_fast)``
    with ``lambda_fast ~ 1`` (tau_N).  The smaller estimate wins; without two wells
    deeper than a few kT the direct solve is used.
    """
    areas = disc.mesh.areas
    found = wells()
    noise = noise_floor(disc)
    if len(found) >= 2:
        msm = _msm(slow or disc, found)
        direct_error = noise / float(np.abs(msm.eigenvalues()[1:]).min())
        state = msm.state()
        mean = np.sum(areas * state * values)
        variance = float(np.sum(areas * state * (values - mean) ** 2))
        slow = msm.integrated_correlation(values) / variance
        p = msm.populations
        a = msm.well_means(values)
        fast_fraction = max(0.0, 1.0 - float(p @ (a - p @ a) ** 2) / variance)
        msm_error = fast_fraction / slow
        if msm_error < direct_error:
            return Estimate(slow, method=f"{len(found)}-well metastable decomposition",
                            discretization=disc.describe(), relative_error=msm_error)
    delta = values - np.sum(areas * pi * values)
    c0 = float(np.sum(areas * pi * delta**2))
    f = solve_mean_zero(disc.generator, areas, pi, pi * delta)
    tau = float(-np.sum(areas * values * f) / c0)
    error = direct_error if len(found) >= 2 else noise * abs(tau)
    return Estimate(tau, method="linear solve", discretization=disc.describe(),
                    relative_error=error)


def mean_first_passage_time(disc, in_start: np.ndarray, in_target: np.ndarray,
                            pi: np.ndarray, slow=None) -> Estimate:
    """Mean time (tau_N) to reach ``in_target`` from ``in_start`` weighted by ``pi``.

    The backward equation ``L* T = -1`` in difference form (relative error
    ``~noise T``); where that exceeds :data:`TRUST`, the inverse quasi-stationary
    escape rate from the most probable start cell with the target absorbing
    (relative error ``~1 / (T lambda_fast)``: the time to settle in the start's well).
    """
    areas = disc.mesh.areas
    weight = areas * pi * in_start
    (rate,), _ = quasi_stationary((slow or disc).generator, areas, int(np.argmax(weight)),
                                  in_target)
    if noise_floor(disc) / rate > TRUST:  # the backward equation would drown in round-off
        return Estimate(1.0 / rate, method="quasi-stationary escape rate",
                        discretization=disc.describe(), relative_error=rate)
    times = mean_first_passage_times(disc.generator, in_target)
    mfpt = float(np.sum(weight * times) / weight.sum())
    return Estimate(mfpt, method="backward equation", discretization=disc.describe(),
                    relative_error=noise_floor(disc) * abs(mfpt))
