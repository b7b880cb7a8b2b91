"""Spectra, escape rates and linear response of a :class:`fpsphere.model.FokkerPlanck`.

A mixin that keeps ``model.py`` to the model itself (potentials, operators,
stationary states, time evolution): every method here reads the model's
generator or transient generator, its stationary state and mesh, and delegates to
:mod:`fpsphere.solvers` (spectrum, metastable, response).  The methods are part of
``FokkerPlanck``'s public API and documented there.

Depends on :mod:`fpsphere.solvers` and :mod:`fpsphere.observables`.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl

from fpsphere.errors import ParameterError
from fpsphere.solvers import (
    MetastableRates,
    committor_rates,
    mean_first_passage_times,
    precession_may_couple,
    quasi_stationary_rate,
    slowest_rates,
    solve_mean_zero,
)

__all__ = ["RatesAndResponse"]


#: Crosswind Peclet number of the generator's upwinded spin-transfer precession above
#: which its spectra and rates are warned about (docs/operator.md, "Trade-offs").
CROSSWIND_PECLET = 5.0


class RatesAndResponse:
    """Spectra, metastable rates, relaxation times and susceptibility (mixin)."""

    def crosswind_peclet(self) -> float:
        """Largest cell Peclet number ``|Delta Psi| l / (alpha l*)`` of the precession by
        ``Psi = U_p - U_d`` (the part the generator upwinds), over the dual edges.

        The generator's lambda_1 error against spherical harmonics grows with it: 0.1 %
        at 0.8, 0.4 % at 1.6, 1-9 % at 3.2, 47-79 % at 8, 1.5-3x at 16-33
        (non-collinear torques, docs/operator.md, "Trade-offs"); above
        :data:`CROSSWIND_PECLET`
        spectra and rates from the generator warn.  0 when ``pi = exp(-U_d)/Z`` is
        exact."""
        if self._boltzmann_exact:
            return 0.0
        mesh = self.mesh
        psi = self._pot("chi", "circ") + self._pot("phi", "circ")
        left, right = mesh.edge_triangles.T
        dual = np.maximum(mesh.dual_lengths, 1e-300)
        return float(np.max(np.abs(psi[right] - psi[left]) * mesh.primal_lengths
                            / (self.alpha * dual)))

    def _check_operator(self, operator: str) -> None:
        """Warn when the generator is asked for rates it resolves only at first order."""
        if operator != "generator" or self.scheme != "auto":
            return
        pe = self.crosswind_peclet()
        if pe > CROSSWIND_PECLET:
            i, j = self.mesh.edges.T
            jump = float(np.abs(self.U_d[i] - self.U_d[j]).max())
            warnings.warn(
                f"spin transfer without a symmetry axis at alpha={self.alpha:g}: the "
                f"generator's crosswind Peclet number is {pe:.3g} (> {CROSSWIND_PECLET:g}), "
                "so its spectra and rates are first order here (tens of percent off); "
                "operator='transient' is second order once the mesh resolves U_d "
                f"(largest change across an edge {jump:.2g} kT here; <~ 0.6 kT wanted), "
                "docs/operator.md", stacklevel=3)

    def spectrum(self, k: int = 6, *, vectors: bool = False, operator: str = "generator"):
        """The ``k`` slowest decay rates (1/tau_N), complex, sorted by real part.

        ``rates[0] ~ 0`` is the stationary mode; imaginary parts are the precession
        frequencies.  With ``vectors=True`` returns ``(rates, modes)``, modes (N, k).
        Shift-invert Arnoldi: accurate in relative terms for rates down to ~1e-10 of
        the fast ones, not for high-barrier escape rates (PHYSICS.md fact 6).
        ``operator="transient"`` uses the transient operator: for spin transfer that is
        not collinear at low damping it is second order where the generator is first
        order (alpha = 0.01, level 6: lambda_1 within 0.3 % against 79 %), once the mesh
        resolves ``U_d`` (``docs/operator.md``, "Trade-offs").
        """
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not (
                1 <= k <= self.mesh.n_cells - 3):
            raise ParameterError(f"k={k!r} is not allowed: expected an int in "
                                 f"[1, {self.mesh.n_cells - 3}] (the mesh has "
                                 f"{self.mesh.n_cells} cells)")
        gen = self._operator(operator)
        self._check_operator(operator)
        return slowest_rates(gen.matrix, int(k), vectors=vectors)

    def metastable_rates(self, basin_a, basin_b, *,
                         operator: str = "generator") -> MetastableRates:
        """Slowest rate and escape rates between two basins, for high barriers.

        Accurate in relative terms at any barrier (sigma = 60: lambda_1 = 4.5e-24),
        where :meth:`spectrum` and mean first-passage times are not
        (:mod:`fpsphere.solvers.metastable`):

        * reversible models (equilibrium, precession not coupled to the escape, e.g.
          axial energies): the committor, ``lambda_1 = D(q) / Var_pi(q)``;
        * every other model (spin transfer, transverse fields at low damping): the
          quasi-stationary state of each basin's side with the other basin absorbing,
          ``k_AB`` = flux into B / mass outside B, and ``lambda_1 = k_AB + k_BA``.
          This includes the coupling of precession to the escape; ``committor`` is
          then None.

        Parameters
        ----------
        basin_a, basin_b : regions (see :func:`fpsphere.observables.region_mask`),
            e.g. ``("cone", (0, 0, 1), 0.3)``; deep inside the two wells (around
            their minima, not cutting the orbits near the saddle), disjoint.
        operator : ``"generator"`` (default) or ``"transient"``: the quasi-stationary
            rates of the transient operator, second order for non-collinear spin
            transfer at low damping (level 6: 0.2 % against 47 %) but with large
            errors for exponentially small rates on coarse meshes
            (``docs/operator.md``, "Trade-offs").
        """
        from fpsphere.observables import region_mask

        in_a, in_b = region_mask(self.mesh, basin_a), region_mask(self.mesh, basin_b)
        if not in_a.any() or not in_b.any():
            raise ParameterError("a basin contains no cell: enlarge it or refine the mesh")
        if np.any(in_a & in_b):
            raise ParameterError("basin_a and basin_b overlap: they must be disjoint")
        gen = self._operator(operator)
        self._check_operator(operator)
        if gen is self.generator and self.is_equilibrium and not precession_may_couple(
                self.mesh, self.energy, in_a, self.alpha):
            return committor_rates(gen, self.mesh.areas, in_a, in_b)
        k_ab, _ = quasi_stationary_rate(gen, self.mesh.areas, in_a, in_b)
        k_ba, _ = quasi_stationary_rate(gen, self.mesh.areas, in_b, in_a)
        return MetastableRates(lambda_1=k_ab + k_ba, rate_ab=k_ab, rate_ba=k_ba, committor=None)

    def integral_relaxation_time(self, observable=(0.0, 0.0, 1.0)) -> float:
        """Integral relaxation (linear-response correlation) time of an observable (tau_N).

        ``tau_int = int_0^inf C(t) dt / C(0)``, ``C(t) = <dA(t) dA(0)>`` in the
        stationary state, from one linear solve ``L f = pi dA`` (no time stepping):
        ``tau_int = -sum(A a f) / sum(A pi dA^2)``.  ``observable`` is a 3-vector
        ``e`` (``A = u.e``) or an (N,) array of cell values.  Solved in g-form.
        """
        mesh = self.mesh
        obs = np.asarray(observable, dtype=float)
        if obs.shape == (3,):
            values = mesh.points @ obs
        elif obs.shape == (mesh.n_cells,) and np.all(np.isfinite(obs)):
            values = obs
        else:
            raise ParameterError(f"observable must be a 3-vector or {mesh.n_cells} finite cell "
                                 f"values, got shape {obs.shape}")
        pi = self._generator_stationary()
        delta = values - np.sum(mesh.areas * pi * values)
        c0 = float(np.sum(mesh.areas * pi * delta**2))
        if c0 <= 1e-14 * float(np.sum(mesh.areas * pi * values**2)):
            raise ParameterError("the observable is constant in the stationary state: "
                                 "no relaxation to measure")
        f = solve_mean_zero(self.generator, mesh.areas, pi, pi * delta)
        return float(-np.sum(mesh.areas * values * f) / c0)

    def susceptibility(self, frequencies, direction=(0.0, 0.0, 1.0), *,
                       step: float = 1e-4) -> np.ndarray:
        """Linear dynamic susceptibility of ``<u.e>`` to a field along ``e`` (per kT).

        The energy is perturbed by ``-xi_1(t) (u.e)`` with ``xi_1 = xi_1(omega)
        exp(i omega tau)``; ``chi(omega) = sum(A a rho_1)`` with
        ``(i omega - L) rho_1 = L_1 pi`` and ``L_1 = dL/dxi_1`` (central difference
        of two assemblies, relative error ~``step^2``).  ``frequencies`` in rad per
        tau_N.  At omega = 0 this is the static susceptibility, equal to the variance
        of ``u.e`` at equilibrium (fluctuation-dissipation).  Returns complex (F,);
        with the ``exp(i omega tau)`` convention ``chi = chi' - i chi''``, ``chi'' >= 0``
        the absorption (FMR-like line).
        """
        from fpsphere.energy import Zeeman

        omega = np.atleast_1d(np.asarray(frequencies, dtype=float))
        if omega.ndim != 1 or not np.all(np.isfinite(omega)):
            raise ParameterError(f"frequencies must be finite numbers, got {frequencies!r}")
        e = np.asarray(direction, dtype=float)
        if e.shape != (3,) or not np.all(np.isfinite(e)) or np.linalg.norm(e) == 0:
            raise ParameterError(f"direction={direction!r} is not allowed: expected a "
                                 "non-zero 3-vector")
        e = e / np.linalg.norm(e)
        pi = self._generator_stationary()
        shifted = [type(self)(self.mesh, self.energy + Zeeman(sign * step, tuple(e)),
                                self.alpha, self.chi, self.phi, self.scheme).matrix
                   for sign in (1.0, -1.0)]
        source = (shifted[0] @ pi - shifted[1] @ pi) / (2.0 * step)
        a = self.mesh.points @ e
        weights = self.mesh.areas * a
        eye = sp.identity(self.mesh.n_cells, format="csc")
        L = self.matrix.tocsc()
        out = np.empty(omega.size, dtype=complex)
        for k, w in enumerate(omega):
            if w == 0:
                # the static response: L rho_1 = -L_1 pi, rho_1 of zero total probability
                rho1 = solve_mean_zero(self.generator, self.mesh.areas, pi, -source)
            else:
                rho1 = spl.spsolve((1j * w * eye - L).tocsc(), source.astype(complex))
            out[k] = weights @ rho1
        return out

    def mean_first_passage_time(self, start, target) -> float:
        """Mean time (tau_N) to first reach ``target`` from ``start`` (regions, see
        :func:`fpsphere.observables.region_mask`), the start cells weighted by the
        stationary density.  Backward equation ``L* T = -1`` in difference form.
        Accurate while ``T`` times the fast rates stays below ~1e14 (rounding ~1e-16
        amplified by it; sigma <~ 30 for a uniaxial well); beyond, a warning says so:
        use :meth:`metastable_rates` (equilibrium) there.
        """
        from fpsphere.observables import region_mask

        in_start, in_target = region_mask(self.mesh, start), region_mask(self.mesh, target)
        if np.any(in_start & in_target):
            raise ParameterError("start and target overlap: they must be disjoint")
        times = mean_first_passage_times(self.generator, in_target)
        weight = self.mesh.areas * self._generator_stationary() * in_start
        if weight.sum() <= 0:
            raise ParameterError("the start region carries no stationary probability")
        mfpt = float(np.sum(weight * times) / weight.sum())
        fast = float(np.abs(self.matrix.diagonal()).mean())
        if mfpt * fast > 1e14:
            warnings.warn(f"mean first-passage time {mfpt:.3g} tau_N is beyond the ~1e14 range "
                          "of a double-precision solve: the value is unreliable; for "
                          "equilibrium models use metastable_rates()", stacklevel=2)
        return mfpt

    def escape_rate(self, basin, target, *, operator: str = "generator") -> float:
        """Escape rate (1/tau_N) from ``basin`` to ``target``, at any barrier height.

        ``metastable_rates(basin, target, operator=operator).rate_ab``: the committor
        for reversible models, the quasi-stationary flux otherwise (see
        :meth:`metastable_rates`).
        """
        return self.metastable_rates(basin, target, operator=operator).rate_ab
