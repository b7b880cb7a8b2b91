"""A discretization of the Fokker-Planck equation as a value.

Owns :class:`SampledPotentials` (``U_d`` and ``Psi = U_p - U_d`` where the fluxes
need them, and the damping) and :class:`Discretization`: one assembled operator
with the properties an analysis needs to trust it, so that a choice of
formulation is an object passed to a function, not a keyword mode:

* ``matrix``: ``L`` with ``d rho/d tau = L rho``, and its g-form (:class:`Generator`);
* ``weights``: ``U_d``, the potential whose Boltzmann factor the g-form is balanced in;
* ``exact_state``: the stationary density the discretization is exact about, when
  one is known (``exp(-U_d)/Z`` at equilibrium and with a common symmetry axis,
  conventions fact 3), else None;
* ``exact_at_equilibrium``, ``m_matrix``, ``order``: what it guarantees.

The registry of the named discretizations and the rules that choose one live in
:mod:`fpsphere.solvers.discretizations` (the stabilized variant needs a stationary
solve).  Depends on :mod:`fpsphere.mesh` and :mod:`.generator`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from fpsphere.mesh import SphereMesh
from fpsphere.operators.generator import Generator, assemble_generator

__all__ = ["Discretization", "SampledPotentials"]


@dataclass(frozen=True, eq=False)
class SampledPotentials:
    """Potentials of one model sampled on a mesh (kT), and its damping.

    Attributes
    ----------
    mesh : SphereMesh
    ud_cells : (N,) ``U_d = U - chi`` at the cells.
    ud_circ, psi_circ : (M,) ``U_d`` and ``Psi = U_p - U_d = phi + chi`` at the
        triangle circumcentres.
    alpha : Gilbert damping.
    """

    mesh: SphereMesh
    ud_cells: np.ndarray
    ud_circ: np.ndarray
    psi_circ: np.ndarray
    alpha: float

    def assemble(self, scheme: str) -> Generator:
        """The :class:`Generator` of a precession ``scheme`` (or ``"skew"``)."""
        return assemble_generator(self.mesh, self.ud_cells, self.ud_circ, self.psi_circ,
                                  self.alpha, scheme)

    def boltzmann(self) -> np.ndarray:
        """(N,) ``exp(-U_d)/Z`` with ``sum(areas * rho) = 1``."""
        w = np.exp(-(self.ud_cells - self.ud_cells.min()))
        return w / np.sum(self.mesh.areas * w)

    def crosswind_peclet(self) -> float:
        """Largest cell Peclet number ``|Delta Psi| l / (alpha l*)`` of the precession
        by ``Psi`` over the dual edges (0 at equilibrium)."""
        mesh = self.mesh
        left, right = mesh.edge_triangles.T
        dual = np.maximum(mesh.dual_lengths, 1e-300)
        return float(np.max(np.abs(self.psi_circ[right] - self.psi_circ[left])
                            * mesh.primal_lengths / (self.alpha * dual)))

    def largest_jump(self) -> float:
        """Largest change of ``U_d`` across a mesh edge (kT): how well the mesh
        resolves the dissipative potential."""
        i, j = self.mesh.edges.T
        return float(np.abs(self.ud_cells[i] - self.ud_cells[j]).max())


@dataclass(frozen=True, eq=False)
class Discretization:
    """One assembled discretization and what it guarantees.

    Attributes
    ----------
    name : registry key (:data:`fpsphere.solvers.discretizations.DISCRETIZATIONS`),
        e.g. ``"centered"``, ``"split+stabilized"``, ``"skew"``.
    generator : the edge coefficients and matrices (:class:`Generator`).
    exact_state : (N,) or None.  The stationary density this discretization is exact
        about; time evolution steps ``rho - exact_state`` with it (a discretization
        that does not annihilate it, such as ``"skew"``, then still tends to it).
    exact_at_equilibrium : the Boltzmann state is annihilated to round-off.
    m_matrix : off-diagonal entries >= 0 (a Markov jump process: positivity).
    order : order of accuracy in the mesh size where the potentials are resolved
        (1: first order in the crosswind direction).
    own_state : (N,) or None, its own stationary density when building it needed one
        (the stabilized variant is built about it).
    """

    name: str
    generator: Generator
    exact_state: np.ndarray | None
    exact_at_equilibrium: bool
    m_matrix: bool
    order: int
    own_state: np.ndarray | None = None

    @property
    def mesh(self) -> SphereMesh:
        return self.generator.mesh

    @property
    def matrix(self) -> sp.csr_matrix:
        """(N, N) ``L``: ``d rho / d tau = L rho`` (tau in tau_N)."""
        return self.generator.matrix

    @property
    def weights(self) -> np.ndarray:
        """(N,) ``U_d`` (kT): the g-form unknown is ``g = rho exp(U_d)``."""
        return self.generator.ud

    def about(self, exact_state: np.ndarray | None) -> Discretization:
        """A copy that records ``exact_state`` as the state it is balanced about."""
        return replace(self, exact_state=exact_state)

    def describe(self) -> str:
        """One line: name, order, and the state it is exact about."""
        about = " about exp(-U_d)" if self.exact_state is not None else ""
        return f"{self.name}{about} (order {self.order})"
