"""Finite-volume operators of the generalized Brown Fokker-Planck equation.

Pipeline: potentials sampled on the mesh -> edge fluxes (:mod:`.fluxes`) ->
one sparse generator (:mod:`.generator`) -> optional stabilization about its
stationary state (:mod:`.stabilize`).  Depends on :mod:`fpsphere.mesh` only.
"""

from fpsphere.operators.discretization import Discretization, SampledPotentials
from fpsphere.operators.fluxes import PRECESSION_SCHEMES, bernoulli
from fpsphere.operators.generator import Generator, assemble_generator
from fpsphere.operators.stabilize import dissipation_weights, stabilized

__all__ = [
    "PRECESSION_SCHEMES",
    "Discretization",
    "SampledPotentials",
    "Generator",
    "assemble_generator",
    "bernoulli",
    "dissipation_weights",
    "stabilized",
]
