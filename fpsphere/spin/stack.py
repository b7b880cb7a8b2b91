"""Layers and stacks: the user-facing entry points of the 1D spin solver.

A :class:`Stack` is a sequence of :class:`Layer` objects along +x with an
optional :class:`~fpsphere.spin.materials.Interface` between neighbours. Its
two outer layers are leads ending in ideal reservoirs where the spin
accumulation is relaxed (``Δμ = 0``); a lead much thicker than its ``l_sf``
therefore behaves as a semi-infinite one (the error decays as ``exp(-t/l_sf)``).

``solve`` runs the two-channel model (S-7 … S-12), ``solve_vector`` the vector
Zhang–Levy–Fert model for any in-plane magnetization angles, ``solve_sd`` the
four-channel s–d model (S-16 … S-18); ``sweep_angle`` returns the transverse
spin current absorbed by one layer as a function of its magnetization angle.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.spin.assembly import solve_channels
from fpsphere.spin.materials import Interface, Material, check_real
from fpsphere.spin.models import sd_problem, two_channel_problem, vector_problem
from fpsphere.spin.sd import SdMaterial
from fpsphere.spin.solution import SdSolution, TwoChannelSolution, VectorSolution

__all__ = ["AngleSweep", "Layer", "Stack"]

DEFAULT_POINTS = 4000
"""Default total number of grid nodes of a solve."""


@dataclass(frozen=True)
class Layer:
    """One layer of a stack.

    Parameters
    ----------
    material : Material or SdMaterial
        Its bulk parameters (an :class:`SdMaterial` only for ``solve_sd``).
    thickness : float
        Thickness (m), > 0 and finite.
    angle : float
        Magnetization angle (rad) in the x–z plane of spin space, measured from
        +z: ``m = (sin θ, 0, cos θ)``. The collinear models accept only 0 and π.
    """

    material: Material | SdMaterial
    thickness: float
    angle: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.material, Material | SdMaterial):
            raise ParameterTypeError(f"material={self.material!r} is not allowed: expected a "
                                     "spin.Material (e.g. spin.material('Cu')) or SdMaterial")
        object.__setattr__(self, "thickness", check_real("thickness", self.thickness, low=0.0))
        object.__setattr__(self, "angle", check_real("angle", self.angle))

    @property
    def magnetization(self) -> np.ndarray:
        """Unit vector ``(sin θ, 0, cos θ)``, shape (3,)."""
        return np.array([math.sin(self.angle), 0.0, math.cos(self.angle)])

    @property
    def polarity(self) -> float:
        """``cos θ`` if it is ±1 (collinear), else raise ParameterError."""
        c = math.cos(self.angle)
        if abs(abs(c) - 1.0) > 1e-12:
            raise ParameterError(f"angle={self.angle!r} is not allowed in a collinear model: "
                                 "expected 0 or pi (use Stack.solve_vector for other angles)")
        return math.copysign(1.0, c)


@dataclass(frozen=True)
class AngleSweep:
    """Transverse spin current absorbed by one layer versus its angle.

    Attributes
    ----------
    angles : ndarray, shape (n,)
        Angle of the swept layer (rad) relative to the +z axis.
    absorbed : ndarray, shape (n, 3)
        Absorbed spin current (A/m²) in spin space.
    in_plane : ndarray, shape (n,)
        Its component along ``t = (cos θ, 0, -sin θ)``, transverse to ``m`` in the
        plane of the magnetizations (damping-like for a +z polarizer).
    out_of_plane : ndarray, shape (n,)
        Its component along +y (field-like).
    longitudinal : ndarray, shape (n,)
        Its component along ``m`` (relaxed by spin flip, not a torque).
    """

    angles: np.ndarray
    absorbed: np.ndarray
    in_plane: np.ndarray
    out_of_plane: np.ndarray
    longitudinal: np.ndarray


def _check_current(current_density: object) -> float:
    j0 = check_real("current_density", current_density)
    if j0 == 0.0:
        raise ParameterError("current_density=0.0 is not allowed: expected a non-zero real "
                             "number (A/m²); the response is linear, any value will do")
    return j0


def _check_points(points: object) -> int:
    if isinstance(points, bool) or not isinstance(points, int | np.integer):
        raise ParameterTypeError(f"points={points!r} is not allowed: expected an int")
    if points < 20:
        raise ParameterError(f"points={points!r} is not allowed: expected an int ≥ 20")
    return int(points)


class Stack:
    """A 1D multilayer between two reservoirs.

    Parameters
    ----------
    layers : sequence of Layer
        At least two layers, along +x; the first and last are the leads.
    interfaces : sequence of (Interface or None), optional
        ``len(layers) - 1`` entries; ``None`` (default) means transparent.
    """

    def __init__(self, layers: Sequence[Layer],
                 interfaces: Sequence[Interface | None] | None = None) -> None:
        if not isinstance(layers, Sequence) or isinstance(layers, str):
            raise ParameterTypeError(f"layers={layers!r} is not allowed: expected a list of Layer")
        if len(layers) < 2:
            raise ParameterError(f"layers has {len(layers)} entries, which is not allowed: "
                                 "expected at least two layers (the two leads)")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise ParameterTypeError(f"layers[{i}]={layer!r} is not allowed: "
                                         "expected a spin.Layer")
        if interfaces is None:
            interfaces = [None] * (len(layers) - 1)
        if len(interfaces) != len(layers) - 1:
            raise ParameterError(f"interfaces has {len(interfaces)} entries, which is not "
                                 f"allowed: expected len(layers) - 1 = {len(layers) - 1}")
        checked = []
        for j, itf in enumerate(interfaces):
            itf = Interface() if itf is None else itf
            if not isinstance(itf, Interface):
                raise ParameterTypeError(f"interfaces[{j}]={itf!r} is not allowed: "
                                         "expected a spin.Interface or None")
            magnetic = (layers[j].material.ferromagnetic or layers[j + 1].material.ferromagnetic)
            if itf.gamma != 0.0 and not magnetic:
                raise ParameterError(f"interfaces[{j}].gamma={itf.gamma!r} is not allowed "
                                     "between two normal metals: expected 0")
            checked.append(itf)
        self.layers: tuple[Layer, ...] = tuple(layers)
        self.interfaces: tuple[Interface, ...] = tuple(checked)

    def __repr__(self) -> str:
        parts = [f"{layer.material.name}({layer.thickness * 1e9:g} nm)" for layer in self.layers]
        return f"Stack({' / '.join(parts)})"

    @property
    def n_layers(self) -> int:
        """Number of layers."""
        return len(self.layers)

    @property
    def thickness(self) -> float:
        """Total thickness (m)."""
        return float(sum(layer.thickness for layer in self.layers))

    def _require(self, kind: type, model: str) -> None:
        for i, layer in enumerate(self.layers):
            if not isinstance(layer.material, kind):
                raise ParameterTypeError(f"layers[{i}].material={layer.material.name!r} is a "
                                         f"{type(layer.material).__name__}, not allowed in "
                                         f"the {model} model: expected {kind.__name__}")

    def _plain_interfaces(self) -> float:
        return float(sum(itf.plain_resistance for itf in self.interfaces))

    def solve(self, current_density: float, points: int = DEFAULT_POINTS) -> TwoChannelSolution:
        """Two-channel model (S-7 … S-12) for collinear magnetizations.

        Parameters
        ----------
        current_density : float
            Charge current density ``J₀`` (A/m²) along +x, non-zero.
        points : int
            About how many grid nodes (error ∝ points⁻²).

        Returns
        -------
        TwoChannelSolution
        """
        self._require(Material, "two-channel")
        j0, points = _check_current(current_density), _check_points(points)
        field = solve_channels(two_channel_problem(self, points), j0)
        plain = sum(la.material.plain_resistivity * la.thickness for la in self.layers)
        beta = np.array([la.material.beta * la.polarity for la in self.layers])
        terms = np.zeros((self.n_layers - 1, 2))
        for j, itf in enumerate(self.interfaces):
            left, right = self.layers[j], self.layers[j + 1]
            sign = left.polarity if left.material.ferromagnetic else right.polarity
            terms[j] = sign * itf.gamma, itf.resistance
        relax = np.array([la.material.sigma0 * (1 - la.material.beta**2) / la.material.lsf**2
                          for la in self.layers])
        delta = field.potentials[:, 1]
        return TwoChannelSolution(
            x=field.x, layer=field.layer, current_density=j0,
            resistance=field.left_potential / j0,
            plain_resistance=plain + self._plain_interfaces(),
            mu_mean=field.potentials[:, 0], delta_mu=delta,
            charge_current=field.currents[:, 0], spin_current=field.currents[:, 1],
            spin_flux=0.5 * relax[field.layer] * delta, beta=beta, interface_terms=terms)

    def solve_vector(self, current_density: float,
                     points: int = DEFAULT_POINTS) -> VectorSolution:
        """Vector (Zhang–Levy–Fert) model, any layer angles (S-13 … S-15).

        Parameters and units as :meth:`solve`. Layers use ``l_perp`` and ``l_j``.
        """
        self._require(Material, "vector")
        j0, points = _check_current(current_density), _check_points(points)
        field = solve_channels(vector_problem(self, points), j0)
        plain = sum(la.material.plain_resistivity * la.thickness for la in self.layers)
        return VectorSolution(
            x=field.x, layer=field.layer, current_density=j0,
            resistance=field.left_potential / j0,
            plain_resistance=plain + self._plain_interfaces(),
            mu_mean=field.potentials[:, 0], spin_accumulation=field.potentials[:, 1:],
            charge_current=field.currents[:, 0], spin_current=field.currents[:, 1:],
            magnetization=np.array([la.magnetization for la in self.layers]))

    def solve_sd(self, current_density: float, points: int = DEFAULT_POINTS) -> SdSolution:
        """Four-channel s–d model (S-16 … S-18); ``Material`` layers have no d↓ current.

        Parameters and units as :meth:`solve`.
        """
        j0, points = _check_current(current_density), _check_points(points)
        field = solve_channels(sd_problem(self, points), j0)
        plain = 0.0
        for la in self.layers:
            mat = la.material
            sd = mat if isinstance(mat, SdMaterial) else SdMaterial.from_material(mat)
            plain += la.thickness / sd.total_conductivity
        return SdSolution(
            x=field.x, layer=field.layer, current_density=j0,
            resistance=field.left_potential / j0,
            plain_resistance=plain + self._plain_interfaces(),
            potentials=field.potentials, currents=field.currents)

    def with_angle(self, layer: int, angle: float) -> Stack:
        """A copy with the magnetization angle of ``layers[layer]`` changed."""
        layers = list(self.layers)
        layers[layer] = replace(layers[layer], angle=angle)
        return Stack(layers, self.interfaces)

    def sweep_angle(self, layer: int, angles: Sequence[float] | np.ndarray,
                    current_density: float, points: int = 1000) -> AngleSweep:
        """Spin current absorbed by ``layers[layer]`` versus its angle (vector model).

        Parameters
        ----------
        layer : int
            Index of the swept (free) layer.
        angles : array_like, shape (n,)
            Its magnetization angles (rad), the others unchanged.
        current_density : float
            ``J₀`` (A/m²).
        points : int
            Grid nodes per solve (the grid is the same for every angle).

        Returns
        -------
        AngleSweep
        """
        if isinstance(layer, bool) or not isinstance(layer, int | np.integer) or not (
                -self.n_layers <= layer < self.n_layers):
            raise ParameterError(f"layer={layer!r} is not allowed: expected an int index in "
                                 f"[0, {self.n_layers - 1}]")
        angles = np.asarray(angles, dtype=float).ravel()
        if angles.size == 0 or not np.all(np.isfinite(angles)):
            raise ParameterError(f"angles={angles!r} is not allowed: expected finite values")
        absorbed = np.array([
            self.with_angle(layer, a).solve_vector(current_density, points)
            .absorbed_spin_current(layer % self.n_layers) for a in angles])
        m = np.stack([np.sin(angles), np.zeros_like(angles), np.cos(angles)], axis=1)
        t = np.stack([np.cos(angles), np.zeros_like(angles), -np.sin(angles)], axis=1)
        return AngleSweep(angles, absorbed, np.einsum("ij,ij->i", absorbed, t),
                          absorbed[:, 1], np.einsum("ij,ij->i", absorbed, m))
