"""The registry of discretizations, and the rule that chooses one from measured criteria.

:data:`DISCRETIZATIONS` maps a name to a :class:`DiscretizationSpec`: its properties
(exact at equilibrium, M-matrix, order) and a builder ``build(sampled) ->
Discretization``.  A new discretization joins by adding one entry here (and the
tests iterate over the registry).

:func:`choose` is the one place where a model's formulation is decided, from
criteria measured on the model and the mesh (:class:`Criteria`):

* equilibrium (``phi + chi`` constant): ``"centered"``: exact Boltzmann state,
  skew-adjoint precession, second order;
* out of equilibrium, where the mesh resolves ``U_d`` (largest change across an
  edge at most :data:`RESOLVED_JUMP` kT): ``"skew"`` for everything (the precession
  centred in ``rho``, second order at any damping); the stationary state is then
  the state time evolution tends to; between :data:`CLEAN_JUMP` and
  :data:`RESOLVED_JUMP` with a warning where the estimated error exceeds 1 % or
  minority-well populations may collapse;
* out of equilibrium on a mesh that does not resolve ``U_d``: ``"split+stabilized"``
  (exponentially fitted, robust for exponentially small rates), first order in the
  crosswind direction: with a crosswind Peclet number above
  :data:`CROSSWIND_PECLET` the choice carries a warning with an estimated error and
  the icosphere level that would bring it under 1 %.

Time evolution always steps ``"skew"``, about ``exp(-U_d)/Z`` where that state is
exact (equilibrium, or ``U_d`` and ``U_p`` with a common symmetry axis).  The
measurements behind the thresholds are in
``docs/research/noncollinear-accuracy.md``.  Depends on :mod:`fpsphere.operators` and
:mod:`.stationary`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.operators import stabilized
from fpsphere.operators.discretization import Discretization, SampledPotentials
from fpsphere.registry import Registry
from fpsphere.solvers.stationary import stationary_g

__all__ = [
    "CLEAN_JUMP",
    "CROSSWIND_PECLET",
    "DISCRETIZATIONS",
    "RESOLVED_JUMP",
    "Choice",
    "Criteria",
    "DiscretizationSpec",
    "NotPositiveError",
    "build",
    "choose",
]

#: Largest change of ``U_d`` across an edge (kT) up to which ``"skew"`` is used: its
#: lambda_1 is within 3.8 % there, 10-100x better than the generator's at low damping
#: (docs/research/noncollinear-accuracy.md).
RESOLVED_JUMP = 1.2
#: The jump below which ``"skew"`` is within ~1 % in every measured case, minority-well
#: populations included: the target of the level a warning recommends.
CLEAN_JUMP = 0.5
#: Crosswind Peclet number above which the exponentially fitted generator's upwinded
#: spin-transfer precession costs more than ~1 % (docs/explanation/operator.md, "Trade-offs").
CROSSWIND_PECLET = 2.0


class NotPositiveError(ParameterError):
    """The stationary state of a second-order scheme is not positive on this mesh."""


@dataclass(frozen=True)
class DiscretizationSpec:
    """A registered discretization: its guarantees and its builder."""

    name: str
    exact_at_equilibrium: bool
    m_matrix: bool
    order: int
    summary: str
    builder: Callable[[SampledPotentials], object]

    def build(self, sampled: SampledPotentials) -> Discretization:
        built = self.builder(sampled)
        generator, state = built if isinstance(built, tuple) else (built, None)
        return Discretization(self.name, generator, None, self.exact_at_equilibrium,
                              self.m_matrix, self.order, state)


def _plain(scheme: str):
    return lambda sampled: sampled.assemble(scheme)


def _stabilized(sampled: SampledPotentials):
    gen = sampled.assemble("split")
    g, _ = stationary_g(gen.g_form, gen.ud, sampled.mesh.areas)
    if not np.all(g > 0):
        raise NotPositiveError(
            "the stationary state of 'split' is not positive on this mesh "
            f"({sampled.mesh.n_cells} cells): the potentials are under-resolved")
    return stabilized(gen, g)[0], g * np.exp(-(gen.ud - gen.ud.min()))


#: Registered discretizations (name -> :class:`DiscretizationSpec`).
DISCRETIZATIONS: Registry[DiscretizationSpec] = Registry("discretization")
for _spec in (
    DiscretizationSpec("centered", True, False, 2,
                       "centred precession in g = rho exp(U_d); exact Boltzmann state",
                       _plain("centered")),
    DiscretizationSpec("split", True, False, 1,
                       "centred equilibrium precession, minimally upwinded spin transfer",
                       _plain("split")),
    DiscretizationSpec("split+stabilized", True, False, 1,
                       "'split' plus the least diffusion about its own stationary state "
                       "that leaves no growing mode", _stabilized),
    DiscretizationSpec("markov", True, True, 1,
                       "centred, then the least g-diffusion making an M-matrix",
                       _plain("markov")),
    DiscretizationSpec("upwind", True, True, 1, "first-order upwinding of g",
                       _plain("upwind")),
    DiscretizationSpec("skew", False, False, 2,
                       "Scharfetter-Gummel dissipation, precession centred in rho "
                       "(antisymmetric in the area-weighted L2 product)", _plain("skew")),
):
    DISCRETIZATIONS.register(_spec.name, _spec, doc=_spec.summary)
del _spec


def build(name: str, sampled: SampledPotentials) -> Discretization:
    """The discretization ``name`` of the sampled potentials."""
    if name not in DISCRETIZATIONS:
        raise ParameterError(f"discretization={name!r} is not allowed: expected one of "
                             f"{sorted(DISCRETIZATIONS)}")
    return DISCRETIZATIONS[name].build(sampled)


@dataclass(frozen=True)
class Criteria:
    """What the choice of formulation is measured on.

    Attributes
    ----------
    equilibrium : ``phi + chi`` is constant (Boltzmann stationary state).
    exact_state : ``exp(-U_d)/Z`` is the exact stationary state (equilibrium, or a
        common symmetry axis of ``U_d`` and ``U_p``).
    crosswind_peclet : largest cell Peclet number of the spin-transfer precession.
    largest_jump : largest change of ``U_d`` across an edge (kT).
    level : the icosphere level of the mesh, or None.
    alpha : the damping.
    """

    equilibrium: bool
    exact_state: bool
    crosswind_peclet: float
    largest_jump: float
    level: int | None
    alpha: float = 1.0


@dataclass(frozen=True)
class Choice:
    """The discretization chosen for linear algebra, and why.

    Attributes
    ----------
    name : registry key used for stationary states, spectra, rates and responses.
    transient : registry key used for time evolution.
    reason : one sentence.
    warning : None, or what is wrong with every available formulation on this mesh
        (an estimated error and the icosphere level that brings it under 1 %).
    """

    name: str
    transient: str
    reason: str
    warning: str | None = None


def _level_for(jump: float, level: int | None) -> str:
    """The icosphere level at which the largest jump drops to :data:`CLEAN_JUMP`."""
    ratio = jump / CLEAN_JUMP if np.isfinite(jump) else 2.0**30
    more = int(np.ceil(np.log2(min(max(ratio, 1.0), 2.0**30))))
    if level is None:
        return f"a mesh {2**more}x finer"
    return f"icosphere level {level + more}"


def choose(criteria: Criteria) -> Choice:
    """The formulation for a model with these :class:`Criteria` (module docstring).

    Error model of the warnings (docs/research/noncollinear-accuracy.md, 7 cases x 4
    dampings x levels 4-7 against spherical harmonics): ``skew``'s relative error of
    lambda_1 is ~0.02 r^2 (at most 0.035 r^2), r the largest jump of ``U_d``; its
    minority-well populations hold within 1.4 % for ``r <= 0.5`` and for
    ``r^2 / alpha <= 16``, and collapse (up to x2300) beyond at crosswind Peclet > 2;
    the generator's lambda_1 error at Peclet > 2 is first order, ~0.06-0.1 Pe.
    """
    r, pe = criteria.largest_jump, criteria.crosswind_peclet
    if criteria.equilibrium:
        return Choice("centered", "skew", "equilibrium: exact Boltzmann state, second order")
    if criteria.exact_state:
        # U_d and U_p share an axis: exp(-U_d) is exact and the precession runs along
        # its level sets; the upwinded generator diffuses across them (the axial
        # switching rate 6x too fast at alpha = 0.01), skew does not
        if pe > CROSSWIND_PECLET:
            return Choice("skew", "skew", "common symmetry axis, crosswind Peclet number "
                          f"{pe:.3g}: precession centred in rho")
        return Choice("split+stabilized", "skew", "common symmetry axis, low crosswind "
                      "Peclet number: exponentially fitted generator")
    level = _level_for(r, criteria.level)
    if r <= RESOLVED_JUMP:
        estimate = 0.02 * r * r
        problems = []
        if estimate > 0.01:
            problems.append(f"the estimated error of rates and states is ~{100 * estimate:.1f} %")
        if pe > CROSSWIND_PECLET and r > CLEAN_JUMP and r * r / criteria.alpha > 16.0:
            problems.append("minority-well populations and exponentially small rates may be "
                            "off by orders of magnitude")
        warning = None
        if problems:
            warning = (f"spin transfer without a symmetry axis on a mesh that barely resolves "
                       f"U_d (largest change across an edge {r:.2g} kT): " + "; ".join(problems)
                       + f"; {level} brings it under 1 %")
        return Choice("skew", "skew",
                      f"U_d resolved (largest jump {r:.2g} kT <= {RESOLVED_JUMP:g}): second "
                      "order, consistent with time evolution", warning)
    warning = None
    if pe > CROSSWIND_PECLET:
        estimate = min(1.0, 0.1 * pe)
        warning = (f"spin transfer without a symmetry axis at crosswind Peclet number {pe:.3g} "
                   f"on a mesh that does not resolve U_d (largest change across an edge "
                   f"{r:.2g} kT > {RESOLVED_JUMP:g}): the estimated error of spectra, rates "
                   f"and states is ~{100 * estimate:.0f} % (first order); {level} brings it "
                   "under 1 %")
    return Choice("split+stabilized", "skew",
                  f"U_d not resolved (largest jump {r:.2g} kT): exponentially fitted "
                  "generator, robust for exponentially small rates", warning)
