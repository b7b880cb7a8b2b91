"""A spin-transfer device: the shared input of the studies.

``U(u; xi) = energy(u) - xi (u.e_H)`` (reduced field ``xi`` in kT along
``field_direction``) and ``chi~ = I chi_1``, ``Phi~ = I phi_1`` for a current ``I``
in whatever unit the potentials per unit current use (a reduced ``kappa``, mA,
A/m²: docs/conventions.md section 3, the response is linear in the current).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fpsphere.energy import Potential, Zeeman, as_potential
from fpsphere.energy.terms import _finite, _unit
from fpsphere.errors import ParameterTypeError
from fpsphere.mesh import SphereMesh
from fpsphere.model import FokkerPlanck

__all__ = ["Device", "device_of"]


@dataclass(frozen=True)
class Device:
    """Mesh, energy, damping and spin transfer per unit current.

    Parameters
    ----------
    mesh : SphereMesh
    energy : the field-free energy ``U`` (kT), e.g. ``Uniaxial(sigma=60)``.
    alpha : Gilbert damping (> 0).
    chi, phi : damping-like / field-like potentials (kT) per unit current, or None;
        e.g. ``Polarizer(-1.0)`` (``chi~ = -I u_z``), ``StackTorque.potentials(J, alpha)``
        at ``J = 1``, or ``AxialTorque.potentials``.
    field_direction : direction of the applied field (3,).
    scheme : precession scheme of every model (see :class:`FokkerPlanck`).
    """

    mesh: SphereMesh
    energy: Potential
    alpha: float
    chi: Potential | None = None
    phi: Potential | None = None
    field_direction: tuple[float, float, float] = (0.0, 0.0, 1.0)
    scheme: str = "auto"

    def __post_init__(self) -> None:
        if not isinstance(self.mesh, SphereMesh):
            raise ParameterTypeError(f"mesh must be a SphereMesh, got {type(self.mesh).__name__}")
        object.__setattr__(self, "energy", as_potential(self.energy, "energy"))
        object.__setattr__(self, "field_direction",
                           _unit("field_direction", self.field_direction))
        # validates alpha and scheme once, before any study starts
        FokkerPlanck(self.mesh, 0.0, self.alpha, scheme=self.scheme)

    def model(self, current: float = 0.0, xi: float = 0.0) -> FokkerPlanck:
        """The Fokker-Planck model at current ``current`` and reduced field ``xi`` (kT)."""
        current = _finite("current", current)
        xi = _finite("xi", xi)
        energy = self.energy if xi == 0 else self.energy + Zeeman(xi=xi,
                                                                  direction=self.field_direction)
        chi = None if self.chi is None or current == 0 else as_potential(self.chi, "chi") * current
        phi = None if self.phi is None or current == 0 else as_potential(self.phi, "phi") * current
        return FokkerPlanck(self.mesh, energy, self.alpha, chi=chi, phi=phi, scheme=self.scheme)

    @property
    def axis(self) -> np.ndarray:
        return np.asarray(self.field_direction)


def device_of(config, mesh: SphereMesh, field_direction=None) -> Device:
    """The :class:`Device` of a run configuration (a :class:`fpsphere.config.RunConfig`):
    its energy, damping and scheme, the ``[spin_transfer]`` potentials per unit current,
    the field along ``field_direction`` (default ``analysis.axis``)."""
    direction = (tuple(config.analysis.unit_axis) if field_direction is None
                 else field_direction)
    return Device(mesh, config.energy, config.alpha, chi=config.spin_transfer.chi,
                  phi=config.spin_transfer.phi, field_direction=direction,
                  scheme=config.scheme)
