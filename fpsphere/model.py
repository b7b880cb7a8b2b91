"""The Fokker-Planck model: energy, spin-transfer potentials, damping on a mesh.

``FokkerPlanck(mesh, energy, alpha, chi=None, phi=None)`` validates its inputs
(before any assembly) and samples the potentials at the cells and circumcentres
(:class:`~fpsphere.operators.SampledPotentials`).  It is a facade: every analysis is a
function in :mod:`fpsphere.solvers` of a :class:`~fpsphere.operators.Discretization`
value, and the methods here only pick the value and delegate.

The formulation is chosen, not configured: :attr:`criteria` measures the model on
its mesh (equilibrium, a common symmetry axis, the crosswind Peclet number, the
largest change of ``U_d`` across an edge), and
:func:`fpsphere.solvers.discretizations.choose` picks the discretization for
stationary states, spectra, rates and responses (:attr:`discretization`) and the
one time evolution steps (:attr:`transient`, always ``"skew"``, about ``exp(-U_d)/Z``
where that state is exact).  Out of equilibrium on a mesh that resolves ``U_d`` both
are ``"skew"``, so :meth:`stationary` is the state :meth:`evolve` tends to.  Each
analysis then chooses its own formulation (direct, or a metastable decomposition
below the round-off floor, :mod:`fpsphere.solvers.relaxation`) and says which on the
number it returns.  The expert option ``discretization=`` (a key of
:data:`fpsphere.solvers.discretizations.DISCRETIZATIONS`) forces one value for
everything; see ``docs/explanation/operator.md`` for the measured comparison.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from fpsphere.energy import Potential, as_potential, evaluate
from fpsphere.energy.span import MAX_SPAN
from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mesh import SphereMesh
from fpsphere.operators import Generator
from fpsphere.operators.discretization import Discretization, SampledPotentials
from fpsphere.solvers import discretizations as registry
from fpsphere.solvers import relaxation, response
from fpsphere.solvers.metastable import (
    MetastableRates,
    committor_rates,
    precession_may_couple,
    quasi_stationary_rate,
)
from fpsphere.solvers.results import Estimate
from fpsphere.solvers.stationary import stationary_state
from fpsphere.solvers.wells import find_wells

__all__ = ["Evolution", "FokkerPlanck", "OPERATORS", "SCHEMES"]


@dataclass(frozen=True)
class Evolution:
    """Result of :meth:`FokkerPlanck.evolve`.

    Attributes
    ----------
    times : (T,) output times (tau_N).
    rho : (T, N) densities at those times.
    mean_moment : (T, 3) ``<u>`` at those times.
    report : how the evolution was computed (time scheme, steps, error control), or None.
    """

    times: np.ndarray
    rho: np.ndarray
    mean_moment: np.ndarray
    report: object = None


#: Accepted by the deprecated ``scheme=`` of the constructor.
SCHEMES = ("auto", *registry.DISCRETIZATIONS)
#: Accepted by the deprecated ``operator=`` of spectra and rates.
OPERATORS = ("generator", "transient")


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"{old} is deprecated: use {new}", DeprecationWarning, stacklevel=3)


@dataclass(frozen=True, eq=False)
class FokkerPlanck:
    """Generalized Brown equation on a sphere mesh (docs/conventions.md, section 1).

    ``2 d(rho)/d(tau) = div[grad rho + rho grad U_d] - (1/alpha) div[rho u x grad U_p]``,
    ``U_d = U - chi``, ``U_p = U + phi``, energies in kT, time ``tau`` in ``tau_N``.

    Parameters
    ----------
    mesh : SphereMesh
    energy : energy term or callable ``f(u) -> (n,)`` in kT (``U``).
    alpha : float
        Gilbert damping, finite and > 0.
    chi, phi : energy term, callable or None
        Damping-like and field-like spin-transfer potentials in kT.
    scheme : str
        Deprecated spelling of ``discretization``.
    discretization : str
        ``"auto"`` (chosen from :attr:`criteria`, module docstring) or a key of
        :data:`fpsphere.solvers.discretizations.DISCRETIZATIONS` to force one
        discretization for every analysis and time evolution (expert option).
    """

    mesh: SphereMesh
    energy: Potential
    alpha: float
    chi: Potential | None = None
    phi: Potential | None = None
    scheme: str = "auto"
    discretization_name: str = "auto"
    _samples: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.mesh, SphereMesh):
            raise ParameterTypeError(f"mesh must be a SphereMesh (e.g. fpsphere.icosphere(5)), "
                                     f"got {type(self.mesh).__name__}")
        if isinstance(self.alpha, bool) or not isinstance(self.alpha, int | float | np.number):
            raise ParameterTypeError(
                f"alpha must be a real number, got {type(self.alpha).__name__}")
        try:
            alpha = float(self.alpha)
        except OverflowError:  # an int beyond the float range
            alpha = math.inf
        if not (math.isfinite(alpha) and alpha >= 1e-12):
            shown = repr(self.alpha)
            shown = shown if len(shown) < 30 else f"{shown[:12]}...({len(shown)} digits)"
            raise ParameterError(f"alpha={shown} is not allowed: expected a finite "
                                 "damping >= 1e-12")
        for key, value in (("scheme", self.scheme), ("discretization", self.discretization_name)):
            if value not in SCHEMES:
                raise ParameterError(f"{key}={value!r} is not allowed: expected one of "
                                     f"{SCHEMES}")
        if self.scheme != "auto":
            _deprecated(f"FokkerPlanck(scheme={self.scheme!r})",
                        f"FokkerPlanck(..., discretization_name={self.scheme!r})")
            object.__setattr__(self, "discretization_name", self.scheme)
        object.__setattr__(self, "alpha", float(self.alpha))
        energy = as_potential(self.energy, "energy")
        chi = as_potential(self.chi, "chi")
        phi = as_potential(self.phi, "phi")
        object.__setattr__(self, "energy", energy)
        samples = {}
        for where, u in (("cells", self.mesh.points), ("circ", self.mesh.circumcenters)):
            for name, pot in (("energy", energy), ("chi", chi), ("phi", phi)):
                samples[name, where] = evaluate(pot, u, name)
        ud = samples["energy", "cells"] - samples["chi", "cells"]
        if np.ptp(ud) > MAX_SPAN:
            raise ParameterError(
                f"energy - chi (U - chi) spans {np.ptp(ud):.4g} kT on the mesh: exp(-(U - chi)) "
                f"cannot be normalized in double precision (allowed: a span below {MAX_SPAN:g} kT)")
        object.__setattr__(self, "_samples", samples)

    # ----------------------------------------------------------- potentials
    def _pot(self, name: str, where: str) -> np.ndarray:
        return self._samples[name, where]

    @property
    def U(self) -> np.ndarray:
        """(N,) the energy U at the cells (kT)."""
        return self._pot("energy", "cells")

    @property
    def U_d(self) -> np.ndarray:
        """(N,) the dissipative potential ``U - chi`` at the cells (kT)."""
        return self._pot("energy", "cells") - self._pot("chi", "cells")

    @property
    def U_p(self) -> np.ndarray:
        """(N,) the precession potential ``U + phi`` at the cells (kT)."""
        return self._pot("energy", "cells") + self._pot("phi", "cells")

    @cached_property
    def is_equilibrium(self) -> bool:
        """True when ``phi + chi`` is constant: the stationary state is Boltzmann."""
        psi = self._pot("chi", "cells") + self._pot("phi", "cells")
        psi_c = self._pot("chi", "circ") + self._pot("phi", "circ")
        both = np.concatenate([psi, psi_c])
        return bool(np.ptp(both) <= 1e-12 * max(1.0, np.abs(both).max()))

    @cached_property
    def symmetry_axis(self) -> np.ndarray | None:
        """Unit ``n`` when ``U_d`` and ``U_p`` both depend on ``u.n`` only, else None.

        Then ``exp(-U_d)`` is the exact stationary density (conventions fact 3),
        equilibrium or not (:func:`fpsphere.energy.symmetry.symmetry_axis`)."""
        from fpsphere.energy.symmetry import symmetry_axis

        energy, chi, phi = self.energy, as_potential(self.chi, "chi"), as_potential(self.phi,
                                                                                   "phi")
        return symmetry_axis([lambda u: energy(u) - chi(u), lambda u: energy(u) + phi(u)])

    @property
    def _boltzmann_exact(self) -> bool:
        """``exp(-U_d)`` is the exact stationary state (equilibrium, or fact 3)."""
        return self.is_equilibrium or (self.discretization_name == "auto"
                                       and self.symmetry_axis is not None)

    # ------------------------------------------------------ discretizations
    @cached_property
    def sampled(self) -> SampledPotentials:
        """The potentials where the fluxes need them (:class:`SampledPotentials`)."""
        ud_c = self._pot("energy", "circ") - self._pot("chi", "circ")
        psi_c = self._pot("chi", "circ") + self._pot("phi", "circ")
        return SampledPotentials(self.mesh, self.U_d, ud_c, psi_c, self.alpha)

    @cached_property
    def criteria(self) -> registry.Criteria:
        """What the choice of formulation is measured on (:class:`Criteria`)."""
        n = self.mesh.n_cells
        level = next((k for k in range(12) if 10 * 4**k + 2 == n), None)
        return registry.Criteria(
            equilibrium=self.is_equilibrium, exact_state=self._boltzmann_exact,
            crosswind_peclet=0.0 if self.is_equilibrium else self.sampled.crosswind_peclet(),
            largest_jump=self.sampled.largest_jump(), level=level, alpha=self.alpha)

    @cached_property
    def choice(self) -> registry.Choice:
        """The formulation chosen for this model (:func:`~fpsphere.solvers.discretizations.
        choose`, or the forced ``discretization_name``)."""
        name = self.discretization_name
        if name != "auto":
            return registry.Choice(name, name, "forced by discretization_name")
        return registry.choose(self.criteria)

    def discretize(self, name: str) -> Discretization:
        """The discretization ``name`` of this model (cached), recording
        ``exp(-U_d)/Z`` as its exact state where that state is exact."""
        cache = self.__dict__.setdefault("_discretizations", {})
        if name not in cache:
            disc = registry.build(name, self.sampled)
            exact = self._boltzmann_exact and (name == "skew" or self.is_equilibrium
                                               or self.discretization_name == "auto")
            cache[name] = disc.about(self.boltzmann(self.U_d)) if exact else disc
        return cache[name]

    @cached_property
    def discretization(self) -> Discretization:
        """The :class:`Discretization` of stationary states, spectra, rates and responses.

        Warns once where no formulation can be trusted on this mesh (the warning states
        the estimated error and the icosphere level that brings it under 1 %)."""
        choice = self.choice
        if choice.warning:
            warnings.warn(choice.warning, UserWarning, stacklevel=3)
        try:
            return self.discretize(choice.name)
        except registry.NotPositiveError as err:
            warnings.warn(f"{err}; falling back to the first-order M-matrix scheme 'markov'. "
                          "Refine the mesh for accuracy.", UserWarning, stacklevel=3)
            return self.discretize("markov")

    @property
    def transient(self) -> Discretization:
        """The :class:`Discretization` time evolution steps (``"skew"`` unless forced)."""
        return self.discretize(self.choice.transient)

    def _named(self, discretization: str | Discretization | None,
               operator: str | None = None) -> Discretization:
        """The discretization an analysis runs on (deprecated ``operator=`` mapped)."""
        if operator is not None:
            if operator not in OPERATORS:
                raise ParameterError(f"operator={operator!r} is not allowed: expected one of "
                                     f"{OPERATORS}")
            new = "'skew'" if operator == "transient" else "None (the automatic choice)"
            _deprecated(f"operator={operator!r}", f"discretization={new}")
            if discretization is None and operator == "transient":
                discretization = "skew"
        if discretization is None:
            return self.discretization
        if isinstance(discretization, Discretization):
            return discretization
        return self.discretize(discretization)

    # ------------------------------------------------- compatibility views
    @property
    def generator(self) -> Generator:
        """The :class:`~fpsphere.operators.Generator` of :attr:`discretization`."""
        return self.discretization.generator

    @property
    def scheme_used(self) -> str:
        """The name of :attr:`discretization`."""
        return self.discretization.name

    @property
    def matrix(self) -> sp.csr_matrix:
        """(N, N) ``L`` of :attr:`discretization`, ``d rho/d tau = L rho`` (tau in tau_N)."""
        return self.discretization.matrix

    @property
    def stationary_scheme(self) -> str:
        """How :meth:`stationary` is obtained: ``"exact"`` or the discretization's name."""
        return "exact" if self.discretization.exact_state is not None else self.scheme_used

    @property
    def transient_scheme(self) -> str:
        """What time evolution steps (:meth:`Discretization.describe` without the order)."""
        disc = self.transient
        return disc.name + (" about exp(-U_d)" if disc.exact_state is not None else "")

    @property
    def transient_generator(self) -> Generator:
        """The :class:`~fpsphere.operators.Generator` of :attr:`transient`."""
        return self.transient.generator

    @property
    def transient_matrix(self) -> sp.csr_matrix:
        """(N, N) the operator that steps time evolution (:attr:`transient`)."""
        return self.transient.matrix

    def transient_reference(self) -> np.ndarray | None:
        """The exact state time evolution is balanced about, or None."""
        return self.transient.exact_state

    def crosswind_peclet(self) -> float:
        """Largest cell Peclet number of the spin-transfer precession (:attr:`criteria`)."""
        return self.criteria.crosswind_peclet

    # ------------------------------------------------------------ solutions
    def boltzmann(self, potential: np.ndarray | None = None) -> np.ndarray:
        """(N,) the discrete Boltzmann density ``exp(-U_i)/Z`` with ``sum(A exp(-U)/Z) = 1``."""
        u = self.U if potential is None else np.asarray(potential, float)
        w = np.exp(-(u - u.min()))
        return w / np.sum(self.mesh.areas * w)

    def stationary(self, method: str = "auto", *,
                   discretization: str | Discretization | None = None) -> np.ndarray:
        """(N,) stationary density, ``sum(rho * areas) = 1``.

        ``exp(-U_d)/Z`` exactly at equilibrium and when ``U_d`` and ``U_p`` share a
        symmetry axis (conventions fact 3); otherwise the null vector of
        :attr:`discretization`, the state :meth:`evolve` tends to where the mesh
        resolves ``U_d``.  ``method``: the linear solver, ``"auto"``, ``"direct"`` or
        ``"amg"`` (:mod:`fpsphere.solvers.stationary`).
        """
        allowed = ("auto", "direct", "amg", "transient")
        if method not in allowed:
            raise ParameterError(f"method={method!r} is not allowed: expected one of {allowed}")
        if method == "transient":
            _deprecated("stationary(method='transient')",
                        "stationary() (automatic) or stationary(discretization='skew')")
            disc = self.transient
            method = "auto"
        else:
            disc = self._named(discretization)
        return stationary_state(disc, method)

    # ------------------------------------------------------ rates, responses
    def _wells(self, disc: Discretization):
        """A callable giving the metastable wells of ``disc``'s stationary landscape
        (computed once per discretization, on first use)."""
        cache = self.__dict__.setdefault("_well_cache", {})

        def wells():
            if id(disc) not in cache:
                landscape = relaxation.landscape(disc, stationary_state(disc))
                cache[id(disc)] = (disc, find_wells(self.mesh, landscape))
            return cache[id(disc)][1]

        return wells

    def _slow(self, disc: Discretization) -> Discretization | None:
        """The discretization of the slow (inter-well) dynamics: with a common symmetry
        axis precession runs along the level sets of every axial function and cannot
        couple to the escape, so the dissipative part alone (no precession, exact
        there) gives the jump rates; None (use ``disc``) otherwise."""
        if self.symmetry_axis is None or disc is not self.discretization:
            return None
        cache = self.__dict__.setdefault("_discretizations", {})
        if "dissipative" not in cache:
            from dataclasses import replace

            sampled = replace(self.sampled, alpha=np.inf)
            cache["dissipative"] = registry.build("centered", sampled).about(
                disc.exact_state)
        return cache["dissipative"]

    def spectrum(self, k: int = 6, *, vectors: bool = False,
                 discretization: str | Discretization | None = None,
                 operator: str | None = None):
        """The ``k`` slowest decay rates (1/tau_N), complex, sorted by real part.

        ``rates[0] = 0`` is the stationary mode; imaginary parts are the precession
        frequencies.  With ``vectors=True`` returns ``(rates, modes)``, modes (N, k).
        Accurate in relative terms at any barrier: rates below the round-off floor of
        the operator come from a metastable decomposition between wells found
        automatically (sigma = 60: ``lambda_1 = 4.5e-24``).  The result is a
        :class:`~fpsphere.solvers.results.Rates` array that records the method, the
        discretization and each rate's estimated relative error
        (:func:`fpsphere.solvers.relaxation.spectrum`).
        """
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not (
                1 <= k <= self.mesh.n_cells - 3):
            raise ParameterError(f"k={k!r} is not allowed: expected an int in "
                                 f"[1, {self.mesh.n_cells - 3}] (the mesh has "
                                 f"{self.mesh.n_cells} cells)")
        disc = self._named(discretization, operator)
        fallback = None if disc.name == "skew" else (lambda: self.discretize("skew"))
        return relaxation.spectrum(disc, int(k), wells=self._wells(disc), vectors=vectors,
                                   slow=self._slow(disc), fallback=fallback)

    def _regions(self, first, second, names: tuple[str, str]):
        from fpsphere.observables import region_mask

        a, b = region_mask(self.mesh, first), region_mask(self.mesh, second)
        if not a.any() or not b.any():
            raise ParameterError(f"{names[0]} or {names[1]} contains no cell: enlarge it or "
                                 "refine the mesh")
        if np.any(a & b):
            raise ParameterError(f"{names[0]} and {names[1]} overlap: they must be disjoint")
        return a, b

    def metastable_rates(self, basin_a, basin_b, *,
                         discretization: str | Discretization | None = None,
                         operator: str | None = None) -> MetastableRates:
        """Slowest rate and escape rates between two basins, at any barrier height.

        * reversible models (equilibrium, precession not coupled to the escape, e.g.
          axial energies): the committor, ``lambda_1 = D(q) / Var_pi(q)``;
        * every other model: the quasi-stationary state of each basin's side with the
          other basin absorbing, ``k_AB`` = flux into B / mass outside B, and
          ``lambda_1 = k_AB + k_BA`` (``committor`` is then None).

        ``basin_a``, ``basin_b``: regions (:func:`fpsphere.observables.region_mask`),
        e.g. ``("cone", (0, 0, 1), 0.3)``, deep inside two wells, disjoint.
        :meth:`spectrum` finds the wells itself.
        """
        in_a, in_b = self._regions(basin_a, basin_b, ("basin_a", "basin_b"))
        disc = self._named(discretization, operator)
        if disc.name == "centered" and self.is_equilibrium and not precession_may_couple(
                self.mesh, self.energy, in_a, self.alpha):
            return committor_rates(disc.generator, self.mesh.areas, in_a, in_b)
        gen = (self._slow(disc) or disc).generator
        k_ab, _ = quasi_stationary_rate(gen, self.mesh.areas, in_a, in_b)
        k_ba, _ = quasi_stationary_rate(gen, self.mesh.areas, in_b, in_a)
        return MetastableRates(lambda_1=k_ab + k_ba, rate_ab=k_ab, rate_ba=k_ba, committor=None)

    def escape_rate(self, basin, target, *,
                    discretization: str | Discretization | None = None,
                    operator: str | None = None) -> float:
        """Escape rate (1/tau_N) from ``basin`` to ``target``, at any barrier height
        (``metastable_rates(basin, target).rate_ab``)."""
        return self.metastable_rates(basin, target, discretization=discretization,
                                     operator=operator).rate_ab

    def _observable(self, observable) -> np.ndarray:
        obs = np.asarray(observable, dtype=float)
        if obs.shape == (3,) and np.all(np.isfinite(obs)):
            return self.mesh.points @ obs
        if obs.shape == (self.mesh.n_cells,) and np.all(np.isfinite(obs)):
            return obs
        raise ParameterError(f"observable must be a finite 3-vector or {self.mesh.n_cells} "
                             f"finite cell values, got shape {obs.shape}")

    def integral_relaxation_time(self, observable=(0.0, 0.0, 1.0), *,
                                 discretization: str | Discretization | None = None
                                 ) -> Estimate:
        """Integral relaxation (linear-response correlation) time of an observable (tau_N).

        ``tau_int = int_0^inf C(t) dt / C(0)``, ``C(t) = <dA(t) dA(0)>`` in the
        stationary state; ``observable`` is a 3-vector ``e`` (``A = u.e``) or (N,) cell
        values.  Relative accuracy at any barrier
        (:func:`fpsphere.solvers.relaxation.integral_relaxation_time`); the returned
        :class:`~fpsphere.solvers.results.Estimate` says which formulation was used.
        """
        values = self._observable(observable)
        disc = self._named(discretization)
        pi = stationary_state(disc)
        mean = np.sum(self.mesh.areas * pi * values)
        if np.sum(self.mesh.areas * pi * (values - mean) ** 2) <= 1e-14 * np.sum(
                self.mesh.areas * pi * values**2):
            raise ParameterError("the observable is constant in the stationary state: "
                                 "no relaxation to measure")
        return relaxation.integral_relaxation_time(disc, values, pi, wells=self._wells(disc),
                                                   slow=self._slow(disc))

    def mean_first_passage_time(self, start, target, *,
                                discretization: str | Discretization | None = None
                                ) -> Estimate:
        """Mean time (tau_N) to first reach ``target`` from ``start`` (regions, see
        :func:`fpsphere.observables.region_mask`), the start cells weighted by the
        stationary density.  Relative accuracy at any barrier: the backward equation,
        or the quasi-stationary escape rate where that is beyond round-off
        (:func:`fpsphere.solvers.relaxation.mean_first_passage_time`)."""
        in_start, in_target = self._regions(start, target, ("start", "target"))
        disc = self._named(discretization)
        pi = stationary_state(disc)
        if np.sum(self.mesh.areas * pi * in_start) <= 0:
            raise ParameterError("the start region carries no stationary probability")
        return relaxation.mean_first_passage_time(disc, in_start, in_target, pi,
                                                  slow=self._slow(disc))

    def susceptibility(self, frequencies, direction=(0.0, 0.0, 1.0), *,
                       step: float = 1e-4,
                       discretization: str | Discretization | None = None,
                       progress: bool = False) -> np.ndarray:
        """Linear dynamic susceptibility of ``<u.e>`` to a field along ``e`` (per kT).

        The energy is perturbed by ``-xi_1(t) (u.e)``, ``xi_1 = xi_1(omega)
        exp(i omega tau)``; ``chi(omega) = sum(A a rho_1)`` with ``(i omega - L) rho_1 =
        L_1 pi`` and ``L_1 = dL/dxi_1`` (central difference of two assemblies, relative
        error ~``step^2``).  ``frequencies`` in rad per tau_N.  At omega = 0 the static
        susceptibility (the variance of ``u.e`` at equilibrium).  Returns complex (F,),
        ``chi = chi' - i chi''`` with ``chi'' >= 0`` the absorption
        (:func:`fpsphere.solvers.response.susceptibility`).  One complex sparse
        solve per frequency (level 6: ~20 s each, measured with two busy cores);
        ``progress``: a tqdm bar on stderr over the frequencies.
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
        disc = self._named(discretization)
        models = [FokkerPlanck(self.mesh, self.energy + Zeeman(sign * step, tuple(e)),
                               self.alpha, self.chi, self.phi,
                               discretization_name=self.choice.name) for sign in (1.0, -1.0)]
        shifted = [m.discretize(disc.name) for m in models]
        slow = None
        axis = self.symmetry_axis
        if self._slow(disc) is not None and abs(abs(float(e @ axis)) - 1.0) < 1e-12:
            # a field along the symmetry axis keeps it: the populations' response comes
            # from the dissipative parts, exact there (see :meth:`_slow`)
            from dataclasses import replace

            slow = [self._slow(disc)] + [registry.build("centered", replace(m.sampled,
                                                                            alpha=np.inf))
                                         for m in models]
        return response.susceptibility(disc, shifted, step, stationary_state(disc),
                                       self.mesh.points @ e, omega, wells=self._wells(disc),
                                       slow=slow, progress=progress)

    # ------------------------------------------------------------- dynamics
    def propagate(self, rho0: np.ndarray, times: np.ndarray, dt: float | None = None,
                  scheme: str = "tr_bdf2", callback=None, progress: bool = False,
                  rtol: float | None = None) -> np.ndarray:
        """(len(times), N) densities from a checked ``rho0`` (no validation; see
        :meth:`evolve`), stepping :attr:`transient` about its exact state."""
        return self._propagate(rho0, times, dt, scheme, callback, progress, rtol)[0]

    def _propagate(self, rho0, times, dt, time_scheme, callback, progress, rtol):
        from fpsphere.solvers.evolution import propagate

        if self.transient.exact_state is None and self.choice.warning:
            # the same resolution limits hold for the transient (skew) operator
            warnings.warn(self.choice.warning, UserWarning, stacklevel=4)

        return propagate(self.transient_matrix, rho0, times, areas=self.mesh.areas,
                         points=self.mesh.points, reference=self.transient_reference(),
                         time_scheme=time_scheme, dt=dt, rtol=rtol, callback=callback,
                         progress=progress)

    def evolve(self, rho0: np.ndarray, times, *, time_scheme: str = "tr_bdf2",
               dt: float | None = None, rtol: float | None = None, callback=None,
               progress: bool = False, scheme: str | None = None) -> Evolution:
        """Implicit time evolution ``d rho/d tau = L rho`` from ``rho0`` at tau = 0.

        Steps :attr:`transient` (``"skew"``, about ``exp(-U_d)/Z`` where that state is
        exact; ``docs/explanation/operator.md``).

        Parameters
        ----------
        rho0 : (N,) density >= 0 with ``sum(rho0 * areas) = 1`` (see :mod:`fpsphere.initial`).
        times : increasing output times >= 0 (tau_N).
        time_scheme : a key of :data:`fpsphere.solvers.TIME_SCHEMES`.
        dt : None (default): error-controlled steps (relative tolerance ``rtol``,
            default :data:`fpsphere.solvers.evolution.DEFAULT_RTOL`, steps chosen by the
            integrator, factorizations reused).  Given: fixed steps, each interval
            between output times cut into equal steps no longer than ``dt`` (with
            ``rtol`` too: the largest controlled step).  Either way a step whose state
            has a negative probability above round-off or ``|<u>| > 1`` is redone in
            sub-steps or reported with an :class:`~fpsphere.solvers.evolution.
            EvolutionWarning`; ``Evolution.report`` says what was done.
        rtol : relative tolerance of the controlled steps.
        callback : ``f(t, rho)`` called after every step.
        progress : a tqdm bar on stderr over the simulated time (default off; at
            level 6, 1 tau_N of the README's model takes ~25 s).
        scheme : deprecated spelling of ``time_scheme``.
        """
        from fpsphere.observables import mean_moment
        from fpsphere.solvers.inputs import checked_density, checked_steps

        if scheme is not None:
            _deprecated(f"evolve(scheme={scheme!r})", f"evolve(time_scheme={scheme!r})")
            time_scheme = scheme
        mesh = self.mesh
        rho0 = checked_density(mesh.areas, rho0)
        times, _ = checked_steps(times, dt, time_scheme, rtol)
        rho, report = self._propagate(rho0, times, dt, time_scheme, callback, progress, rtol)
        return Evolution(times=times, rho=rho, mean_moment=mean_moment(mesh, rho), report=report)
