"""The Fokker-Planck model: energy, spin-transfer potentials, damping on a mesh.

``FokkerPlanck(mesh, energy, alpha, chi=None, phi=None)`` validates its inputs
(before any assembly), samples the potentials at the cells and circumcentres,
assembles the generator with the chosen precession scheme and solves for the
stationary state.  It is a small facade over :mod:`fpsphere.operators` and
:mod:`fpsphere.solvers`; observables live in :mod:`fpsphere.observables`, and spectra,
rates and responses in the mixin :mod:`fpsphere.model_rates`.

Scheme ``"auto"`` (the default) uses two discretizations of the same equation,
each where it is accurate (``docs/operator.md``):

* stationary states, spectra, rates, responses (the :attr:`generator`):

  - equilibrium (``phi + chi`` constant): ``"centered"``; exact Boltzmann
    stationary state, skew-adjoint precession, provably no growing mode;
  - otherwise ``"split"`` (centred equilibrium precession, minimally upwinded
    spin-transfer precession), then stabilized about its own stationary state
    (:mod:`fpsphere.operators.stabilize`), provably no growing mode;
  - if that stationary state is not positive (mesh far too coarse for the
    potentials), ``"markov"`` with a warning: an M-matrix, first order.

* time evolution (:meth:`evolve`, protocols, studies): the ``"skew"`` operator
  (precession centred in ``rho``, antisymmetric in the area-weighted L2 product,
  with the Scharfetter-Gummel dissipation).  It stays accurate at low damping far
  from equilibrium, where the exponentially weighted generator is too non-normal
  to step (field switching at alpha = 0.01 diverged) and the upwinded one diffuses
  across the orbits (the spin-torque switching pulse collapsed).  When
  ``pi = exp(-U_d)/Z`` is exact (equilibrium, or ``U_d`` and ``U_p`` with a common
  :attr:`symmetry_axis`, PHYSICS.md fact 3) it carries the deviation from it,
  ``rho(t) = pi + exp(t L_skew) (rho0 - pi)``, so ``rho -> pi`` exactly; otherwise
  it acts on ``rho`` itself, and ``rho`` tends to its own stationary state
  (``stationary(method="transient")``), second order in the bulk (the generator's
  is first order in the crosswind direction at low damping) but unreliable for
  metastable-well populations on coarse meshes.  With an explicit ``scheme`` both
  use that scheme.

See ``docs/operator.md`` for the measured comparison of the schemes.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from fpsphere.energy import Potential, as_potential, evaluate
from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mesh import SphereMesh
from fpsphere.model_rates import RatesAndResponse
from fpsphere.operators import PRECESSION_SCHEMES, Generator, assemble_generator, stabilized
from fpsphere.solvers import (
    integrate,
    integrate_adaptive,
    stationary_g,
)
from fpsphere.solvers.inputs import checked_density, checked_steps

__all__ = ["Evolution", "FokkerPlanck", "OPERATORS", "SCHEMES"]


@dataclass(frozen=True)
class Evolution:
    """Result of :meth:`FokkerPlanck.evolve`.

    Attributes
    ----------
    times : (T,) output times (tau_N).
    rho : (T, N) densities at those times.
    mean_moment : (T, 3) ``<u>`` at those times.
    """

    times: np.ndarray
    rho: np.ndarray
    mean_moment: np.ndarray

SCHEMES = ("auto", *PRECESSION_SCHEMES)
#: Which discretization spectra and rates use (docs/operator.md, "Trade-offs").
OPERATORS = ("generator", "transient")


@dataclass(frozen=True, eq=False)
class FokkerPlanck(RatesAndResponse):
    """Generalized Brown equation on a sphere mesh (PHYSICS.md section 1).

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
        ``"auto"`` or a key of :data:`fpsphere.operators.PRECESSION_SCHEMES`.
    """

    mesh: SphereMesh
    energy: Potential
    alpha: float
    chi: Potential | None = None
    phi: Potential | None = None
    scheme: str = "auto"
    _samples: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.mesh, SphereMesh):
            raise ParameterTypeError(f"mesh must be a SphereMesh (e.g. fpsphere.icosphere(5)), "
                                     f"got {type(self.mesh).__name__}")
        if isinstance(self.alpha, bool) or not isinstance(self.alpha, int | float | np.number):
            raise ParameterTypeError(
                f"alpha must be a real number, got {type(self.alpha).__name__}")
        if not (np.isfinite(self.alpha) and self.alpha > 0):
            raise ParameterError(f"alpha={self.alpha!r} is not allowed: expected a finite "
                                 "damping > 0")
        if self.scheme not in SCHEMES:
            raise ParameterError(
                f"scheme={self.scheme!r} is not allowed: expected one of {SCHEMES}")
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
        if np.ptp(ud) > 1400.0:
            raise ParameterError(
                f"U - chi spans {np.ptp(ud):.4g} kT on the mesh: exp(-(U - chi)) cannot be "
                "normalized in double precision (allowed: a span below 1400 kT)")
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

        Then ``exp(-U_d)`` is the exact stationary density (PHYSICS.md fact 3),
        equilibrium or not; checked on the potentials themselves
        (:func:`fpsphere.energy.symmetry.symmetry_axis`)."""
        from fpsphere.energy.symmetry import symmetry_axis

        energy, chi, phi = self.energy, as_potential(self.chi, "chi"), as_potential(self.phi,
                                                                                   "phi")
        return symmetry_axis([lambda u: energy(u) - chi(u), lambda u: energy(u) + phi(u)])

    @property
    def _boltzmann_exact(self) -> bool:
        """``exp(-U_d)`` is the exact stationary state (equilibrium, or fact 3)."""
        return self.is_equilibrium or (self.scheme == "auto" and self.symmetry_axis is not None)

    # ------------------------------------------------------------- operator
    def _assemble(self, scheme: str) -> Generator:
        ud_c = self._pot("energy", "circ") - self._pot("chi", "circ")
        psi_c = self._pot("chi", "circ") + self._pot("phi", "circ")
        return assemble_generator(self.mesh, self.U_d, ud_c, psi_c, self.alpha, scheme)

    @cached_property
    def _built(self) -> tuple[Generator, np.ndarray | None, str]:
        if self.scheme != "auto":
            return self._assemble(self.scheme), None, self.scheme
        if self.is_equilibrium:
            return self._assemble("centered"), None, "centered"
        gen = self._assemble("split")
        g, _ = stationary_g(gen.g_form, gen.ud, self.mesh.areas)
        if np.all(g > 0):
            stable, _ = stabilized(gen, g)
            return stable, g, stable.scheme
        warnings.warn(
            "the stationary state of the second-order scheme is not positive on this mesh "
            f"({self.mesh.n_cells} cells): the potentials are under-resolved; falling back to "
            "the first-order M-matrix scheme 'markov'. Refine the mesh for accuracy.",
            stacklevel=3)
        return self._assemble("markov"), None, "markov"

    @property
    def generator(self) -> Generator:
        """The assembled :class:`~fpsphere.operators.Generator`."""
        return self._built[0]

    @property
    def scheme_used(self) -> str:
        """The scheme the operator was actually built with (resolves ``"auto"``)."""
        return self._built[2]

    @property
    def matrix(self) -> sp.csr_matrix:
        """(N, N) generator ``L``, ``d rho/d tau = L rho`` (tau in tau_N)."""
        return self.generator.matrix

    @property
    def stationary_scheme(self) -> str:
        """What :meth:`stationary` (``method="auto"``) returns: ``"exact"`` for
        ``exp(-U_d)/Z`` (equilibrium, fact 3), else the generator's scheme."""
        return "exact" if self._boltzmann_exact else self.scheme_used

    @property
    def transient_scheme(self) -> str:
        """What time evolution steps: ``"skew"``, ``"skew about exp(-U_d)"`` or the
        explicit scheme."""
        if self.scheme != "auto":
            return self.scheme
        return "skew about exp(-U_d)" if self._boltzmann_exact else "skew"

    @cached_property
    def transient_generator(self) -> Generator:
        """The :class:`~fpsphere.operators.Generator` of time evolution (``"skew"`` under
        ``scheme="auto"``, else the generator; module docstring)."""
        return self._assemble("skew") if self.scheme == "auto" else self.generator

    @property
    def transient_matrix(self) -> sp.csr_matrix:
        """(N, N) the operator that steps time evolution (:attr:`transient_generator`)."""
        return self.transient_generator.matrix

    def _operator(self, operator: str) -> Generator:
        """The generator (``"generator"``) or the transient one (``"transient"``)."""
        if operator not in OPERATORS:
            raise ParameterError(f"operator={operator!r} is not allowed: expected one of "
                                 f"{OPERATORS}")
        return self.generator if operator == "generator" else self.transient_generator

    def transient_reference(self) -> np.ndarray | None:
        """The state ``pi`` time evolution is balanced about under ``scheme="auto"``: the
        exact ``exp(-U_d)/Z`` at equilibrium or with a common symmetry axis (fact 3);
        otherwise None (plain ``L rho``)."""
        if self._boltzmann_exact and self.scheme == "auto":
            return self.boltzmann(self.U_d)
        return None

    def propagate(self, rho0: np.ndarray, times: np.ndarray, dt: float,
                  scheme: str = "tr_bdf2", callback=None, progress: bool = False,
                  rtol: float | None = None) -> np.ndarray:
        """(len(times), N) densities from a checked ``rho0`` (no validation; see
        :meth:`evolve`): ``rho = pi + delta``, ``d delta/d tau = transient_matrix delta``
        with ``pi`` = :meth:`transient_reference` (0 when None)."""
        pi = self.transient_reference()
        shift = np.zeros_like(rho0) if pi is None else pi
        inner = None if callback is None else (lambda t, d: callback(t, d + shift))
        L = self.transient_matrix
        if rtol is None:
            delta = integrate(L, rho0 - shift, times, dt, scheme, inner, progress)
        else:
            delta, _ = integrate_adaptive(L, rho0 - shift, times, self.mesh.areas, rtol, dt,
                                          scheme, inner, progress)
        return delta + shift

    # ------------------------------------------------------------ solutions
    def boltzmann(self, potential: np.ndarray | None = None) -> np.ndarray:
        """(N,) the discrete Boltzmann density ``exp(-U_i)/Z`` with ``sum(A exp(-U)/Z) = 1``."""
        u = self.U if potential is None else np.asarray(potential, float)
        w = np.exp(-(u - u.min()))
        return w / np.sum(self.mesh.areas * w)

    def stationary(self, method: str = "auto") -> np.ndarray:
        """(N,) stationary density, ``sum(rho * areas) = 1``.

        ``method``:

        * ``"auto"``: ``exp(-U_d)/Z`` exactly at equilibrium, and out of equilibrium
          when ``U_d`` and ``U_p`` share a symmetry axis (PHYSICS.md fact 3,
          :attr:`symmetry_axis`, scheme ``"auto"``); otherwise the generator's state,
          ``L rho = 0`` solved in g-form (:mod:`fpsphere.solvers.stationary`; direct
          with a nested-dissection order up to 1,000,000 cells, AMG above).
        * ``"direct"`` / ``"amg"``: the generator's state with that solver.
        * ``"transient"``: the state a long :meth:`evolve` tends to: the exact one
          above where it exists, else the stationary state of :attr:`transient_matrix`.  Out of
          equilibrium at low damping it is far more accurate in the bulk (alpha =
          0.01, non-axial torque: 5.4e-4 against 1.9e-2 at level 6), but the
          populations of metastable wells, set by exponentially small barrier
          fluxes, are not reliable on coarse meshes (``docs/operator.md``).
        """
        allowed = ("auto", "direct", "amg", "transient")
        if method not in allowed:
            raise ParameterError(f"method={method!r} is not allowed: expected one of {allowed}")
        if method == "transient":
            pi = self.transient_reference()  # evolve tends to it where it is exact
            return self._transient_stationary if pi is None else pi
        if method == "auto" and self._boltzmann_exact:
            # every registered scheme annihilates exp(-U_d) identically at equilibrium
            # (docs/operator.md): return it exactly instead of a solve whose error grows
            # like eps/lambda_1; with a common symmetry axis it is the exact answer
            return self.boltzmann(self.U_d)
        return self._generator_stationary(method)

    @cached_property
    def _transient_stationary(self) -> np.ndarray:
        """Null vector of :attr:`transient_matrix`: the equation of the cell where the
        generator's state peaks is dropped (the rows are dependent with weights
        ``areas > 0``) and the density there fixed, then normalized."""
        from fpsphere.solvers.stationary import pinned_null_vector

        k = int(np.argmax(self._generator_stationary()))
        rho = pinned_null_vector(self.transient_matrix, k)
        return rho / float(np.sum(self.mesh.areas * rho))

    def _generator_stationary(self, method: str = "auto") -> np.ndarray:
        """The generator's stationary state (g-form solve; exact Boltzmann at equilibrium)."""
        if self.is_equilibrium and method == "auto":
            return self.boltzmann(self.U_d)
        cached = self._built[1]
        if cached is not None and method == "auto":
            return cached * np.exp(-(self.U_d - self.U_d.min()))
        return stationary_g(self.generator.g_form, self.U_d, self.mesh.areas, method=method)[1]

    # ------------------------------------------------------------- dynamics
    def evolve(self, rho0: np.ndarray, times, *, scheme: str = "tr_bdf2",
               dt: float | None = None, rtol: float | None = None, callback=None,
               progress: bool = False) -> Evolution:
        """Implicit time evolution ``d rho/d tau = L rho`` from ``rho0`` at tau = 0.

        Under ``scheme="auto"`` the step uses the ``"skew"`` operator (balanced about
        the Boltzmann state at equilibrium; module docstring, ``docs/operator.md``).

        Parameters
        ----------
        rho0 : (N,) density >= 0 with ``sum(rho0 * areas) = 1`` (see :mod:`fpsphere.initial`).
        times : increasing output times >= 0 (tau_N).
        scheme : a key of :data:`fpsphere.solvers.TIME_SCHEMES`.
        dt : step (tau_N); default ``times[-1] / 200``.  Each interval between output
            times is cut into equal steps no longer than ``dt``.  With ``rtol`` it is
            the largest step.
        rtol : if given, adaptive steps with local error control (step doubling,
            error in probability measure ``sum(A |d rho|)`` below ``rtol`` per step).
        callback : ``f(t, rho)`` called after every step.
        progress : show a progress bar.
        """
        mesh = self.mesh
        rho0 = checked_density(mesh.areas, rho0)
        times, step = checked_steps(times, dt, scheme, rtol)
        rho = self.propagate(rho0, times, step, scheme, callback, progress, rtol)
        from fpsphere.observables import mean_moment

        return Evolution(times=times, rho=rho, mean_moment=mean_moment(mesh, rho))
