"""Spin-transfer torque on the free layer of a multilayer (S-19 ... S-21).

The vector (Zhang-Levy-Fert) solver of :mod:`fpsphere.spin` gives, for the free
layer's magnetization at angle ``theta`` from the stack's reference axis, the spin
current it absorbs, ``dJ(theta)`` (A/m², charge-current units, in spin space).  Its
transverse components are the drives of the Onsager cross-terms of S-20: the part
in the plane of the magnetizations (along ``e_theta``, the direction of the
magnetization current ``j_par^F``) with the cross-coefficient ``l_par``, the part
out of that plane (along ``e_phi``, ``j_perp^F``) with ``l_perp``.  After the
volume integration of S-21 the torque in kT is

    X(u) = -(hbar A / 2 e kT) [ l_par dJ_theta e_theta + l_perp dJ_phi e_phi ],

``A`` the cross-section.  The minus sign: ``dJ`` is in charge-current units,
``J_up - J_down`` with ``up`` the majority (moment along ``m``), and a charge
current of majority electrons along +x is a flux of their magnetic moment along
-x; the magnetization gains the magnetic moment the electrons leave behind.
Hence electrons flowing from the fixed layer into the free layer (``J < 0`` when
the fixed layer is on the left) pull the free layer towards parallel, the
textbook sense of spin transfer (a test checks it).

With ``l_par = l_perp = 1`` (the defaults) every unit of absorbed transverse angular
momentum goes into the magnetization: the standard spin-transfer torque
(Slonczewski; Stiles and Zangwill), which is why these are the defaults; the paper
leaves the cross-coefficients phenomenological, to be fitted to hysteresis
(``l_par``) or resonance (``l_perp``) experiments.

The reference axis of the stack (its angle 0) is mapped to ``axis`` on the sphere;
every other ferromagnetic layer must be collinear with it (angle 0 or pi), so the
torque depends on ``u`` only through ``u.axis`` and is an :class:`AxialTorque`.
It is sampled at Chebyshev angles (one 1D solve each) and is linear and odd in
the current.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.constants import Boltzmann, e, hbar

from fpsphere.coupling.axial import AxialTorque, chebyshev_nodes
from fpsphere.energy import Potential
from fpsphere.energy.terms import _unit
from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.spin import AngleSweep, Stack
from fpsphere.spin.materials import check_real

__all__ = ["StackTorque"]


@dataclass(frozen=True)
class StackTorque:
    """Torque exerted by the current through ``stack`` on its layer ``free_layer``.

    Parameters
    ----------
    stack : fpsphere.spin.Stack
        Layers along x; a current density ``J > 0`` flows along +x (electrons along -x).
    free_layer : int
        Index of the free ferromagnetic layer (its own angle in ``stack`` is ignored).
    area : float
        Cross-section ``A`` (m², > 0) that turns current densities into currents.
    temperature : float
        ``T`` (K, > 0) of the kT unit.
    l_par, l_perp : float
        Dimensionless cross-coefficients of S-20 for the damping-like (in-plane) and
        field-like (out-of-plane) parts; 1 = full absorption (default).
    axis : 3-vector
        Direction on the sphere of the stack's angle-0 spin axis (the polarizer ``p``).
    nodes : int
        Number of Chebyshev angles sampled (>= 4); 16 resolves smooth angular laws to
        about 1e-6.
    points : int
        Grid nodes of each 1D solve (>= 20).
    """

    stack: Stack
    free_layer: int
    area: float
    temperature: float = 300.0
    l_par: float = 1.0
    l_perp: float = 1.0
    axis: tuple[float, float, float] = (0.0, 0.0, 1.0)
    nodes: int = 16
    points: int = 1000
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.stack, Stack):
            raise ParameterTypeError(f"stack={self.stack!r} is not allowed: expected a "
                                     "fpsphere.spin.Stack")
        n = self.stack.n_layers
        if isinstance(self.free_layer, bool) or not isinstance(self.free_layer, int) or not (
                -n <= self.free_layer < n):
            raise ParameterError(f"free_layer={self.free_layer!r} is not allowed: expected an "
                                 f"int index in [0, {n - 1}]")
        free = self.free_layer % n
        object.__setattr__(self, "free_layer", free)
        layers = self.stack.layers
        if not layers[free].material.ferromagnetic:
            magnetic = [i for i, la in enumerate(layers) if la.material.ferromagnetic]
            raise ParameterError(f"free_layer={free} is not allowed: layer {free} "
                                 f"({layers[free].material.name}) is not ferromagnetic; "
                                 f"ferromagnetic layers: {magnetic or 'none'}")
        fixed = [i for i, la in enumerate(layers) if la.material.ferromagnetic and i != free]
        if not fixed:
            raise ParameterError("stack has no ferromagnetic layer besides the free one: "
                                 "there is no polarizer and no torque")
        for i in fixed:
            if abs(abs(math.cos(layers[i].angle)) - 1.0) > 1e-12:
                raise ParameterError(f"stack.layers[{i}].angle={layers[i].angle!r} is not "
                                     "allowed: fixed layers must be collinear with the axis "
                                     "(0 or pi); use torque_potentials for a general X(u)")
        object.__setattr__(self, "area", check_real("area", self.area, low=0.0))
        object.__setattr__(self, "temperature",
                           check_real("temperature", self.temperature, low=0.0))
        for name in ("l_par", "l_perp"):
            object.__setattr__(self, name, check_real(name, getattr(self, name)))
        object.__setattr__(self, "axis", _unit("axis", self.axis))
        if isinstance(self.nodes, bool) or not isinstance(self.nodes, int) or self.nodes < 4:
            raise ParameterError(f"nodes={self.nodes!r} is not allowed: expected an int >= 4")

    @property
    def angles(self) -> np.ndarray:
        """The sampled free-layer angles ``theta_j = arccos(x_j)`` (rad), Chebyshev in x."""
        return np.arccos(chebyshev_nodes(self.nodes))

    @property
    def scale(self) -> float:
        """``hbar A / (2 e kT)``: absorbed current density (A/m²) to torque in kT."""
        return hbar * self.area / (2.0 * e * Boltzmann * self.temperature)

    def absorbed(self, current_density: float) -> AngleSweep:
        """Spin current absorbed by the free layer at :attr:`angles` (1D solves, cached)."""
        j = check_real("current_density", current_density)
        if j not in self._cache:
            self._cache[j] = self.stack.sweep_angle(self.free_layer, self.angles, j, self.points)
        return self._cache[j]

    def torque(self, current_density: float) -> AxialTorque:
        """``X(u)`` in kT for the current density ``J`` (A/m², finite; 0 gives no torque)."""
        j = check_real("current_density", current_density)
        if j == 0.0:
            return AxialTorque.from_samples(np.zeros(self.nodes), np.zeros(self.nodes), self.axis)
        sweep = self.absorbed(j)
        sin = np.sin(sweep.angles)
        damping_like = -self.scale * self.l_par * sweep.in_plane / sin
        field_like = self.scale * self.l_perp * sweep.out_of_plane / sin
        return AxialTorque.from_samples(damping_like, field_like, self.axis)

    def potentials(self, current_density: float, alpha: float) -> tuple[Potential, Potential]:
        """``(chi~, Phi~)`` in kT for ``FokkerPlanck(chi=, phi=)`` (closed form in u.axis)."""
        return self.torque(current_density).potentials(alpha)
