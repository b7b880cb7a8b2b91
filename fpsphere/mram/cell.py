"""An MRAM cell in SI units: the free layer, its bias field and its torque source.

Owns :class:`Cell`, a frozen dataclass validated before any heavy work, and the
reduced quantities derived from it through :mod:`fpsphere.units`: the barrier
``delta = Ku v / kT``, the Neel time ``tau_N``, the anisotropy field, the reduced
bias field ``xi`` (kT), the energy ``U = -delta u_z^2 - xi.u`` (docs/conventions.md,
section 1), the spin-transfer potentials per ampere (:mod:`fpsphere.mram.torques`)
and the zero-temperature critical current (:mod:`fpsphere.mram.threshold`).
The easy axis is ``z``; the cell starts in the "up" well (``u_z > 0``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from fpsphere import units
from fpsphere.energy import Potential, Uniaxial, Zeeman
from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mram.results import Quantity
from fpsphere.mram.torques import TORQUE_SOURCES, TorquePerAmpere

__all__ = ["MAX_DELTA", "Cell"]

#: Largest barrier (kT): exp(delta) overflows a double just above 709.
MAX_DELTA = 700.0


def _positive(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterTypeError(f"{name}={value!r} is not allowed: expected a real number, "
                                 f"got {type(value).__name__}")
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ParameterError(f"{name}={value!r} is not allowed: expected a finite number > 0")
    return value


def _bias(value) -> tuple[float, float, float] | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParameterTypeError(f"bias_field={value!r} is not allowed: expected a number "
                                 "(A/m, along z) or 3 numbers (A/m)")
    try:
        field = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as err:
        raise ParameterTypeError(f"bias_field={value!r} is not allowed: expected a number "
                                 "(A/m, along z) or 3 numbers (A/m)") from err
    if field.shape == ():
        field = np.array([0.0, 0.0, float(field)])
    if field.shape != (3,) or not np.all(np.isfinite(field)):
        raise ParameterError(f"bias_field={value!r} is not allowed: expected a finite number "
                             "(A/m, along z) or 3 finite numbers (A/m)")
    return tuple(float(x) for x in field)


@dataclass(frozen=True)
class Cell:
    """The free layer of an MRAM cell (a macrospin) in SI units.

    Parameters
    ----------
    Ms : float
        Saturation magnetization, A/m, > 0.
    Ku : float
        Effective perpendicular anisotropy constant (shape anisotropy included),
        J/m^3, > 0: the easy axis is z.
    alpha : float
        Gilbert damping, > 0.
    temperature : float
        K, > 0.
    volume : float, optional
        m^3, > 0.  Give either ``volume`` or both ``diameter`` and ``thickness``.
    diameter, thickness : float, optional
        Of a circular disc, m, > 0 (``v = pi d^2 t / 4``).  A SOT cell needs
        ``thickness`` (its interface area ``v / t``).
    bias_field : float or 3-vector, optional
        Applied field, A/m: a number is along the easy axis (+z), a vector any
        direction.  It must leave two wells (inside the Stoner-Wohlfarth astroid).
    torque : STT, SOT or None
        The torque source (:mod:`fpsphere.mram.torques`).
    gamma : float
        Gyromagnetic ratio, rad s^-1 T^-1 (default the electron's, CODATA).

    Notes
    -----
    Every argument is checked on construction; a bad one raises
    :class:`~fpsphere.errors.ParameterError` naming it, its value and what is allowed.
    """

    Ms: float
    Ku: float
    alpha: float
    temperature: float
    volume: float | None = None
    diameter: float | None = None
    thickness: float | None = None
    bias_field: tuple[float, float, float] | None = None
    torque: object | None = None
    gamma: float = units.GAMMA_E

    def __post_init__(self) -> None:
        for name in ("Ms", "Ku", "alpha", "temperature", "gamma"):
            object.__setattr__(self, name, _positive(name, getattr(self, name)))
        shape = (self.diameter, self.thickness)
        if self.volume is not None and all(isinstance(v, float) and v > 0 for v in shape) \
                and self.volume == math.pi * shape[0] * shape[0] * shape[1] / 4.0:
            object.__setattr__(self, "volume", None)  # the disc's own (dataclasses.replace)
        if self.volume is not None and any(v is not None for v in shape):
            raise ParameterError(f"volume={self.volume!r}, diameter={self.diameter!r}, "
                                 f"thickness={self.thickness!r} is not allowed: expected either "
                                 "volume or diameter and thickness, not both")
        if self.volume is None:
            if any(v is None for v in shape):
                raise ParameterError(f"volume=None, diameter={self.diameter!r}, thickness="
                                     f"{self.thickness!r} is not allowed: expected either volume "
                                     "(m^3) or both diameter and thickness (m)")
            diameter = _positive("diameter", self.diameter)
            thickness = _positive("thickness", self.thickness)
            object.__setattr__(self, "diameter", diameter)
            object.__setattr__(self, "thickness", thickness)
            volume = math.pi * diameter * diameter * thickness / 4.0
            if not 0 < volume < math.inf:
                raise ParameterError(f"diameter={diameter!r}, thickness={thickness!r} is not "
                                     "allowed: expected a disc of finite volume > 0")
            object.__setattr__(self, "volume", volume)
        else:
            object.__setattr__(self, "volume", _positive("volume", self.volume))
        if self.alpha > 1e3:
            raise ParameterError(f"alpha={self.alpha!r} is not allowed: expected 0 < alpha "
                                 "<= 1000")
        delta = self.delta
        if delta > MAX_DELTA:
            raise ParameterError(f"Ku={self.Ku!r} is not allowed: the barrier Ku v / kT = "
                                 f"{delta:.4g} kT exceeds {MAX_DELTA:g} kT, beyond what double "
                                 "precision represents (exp(delta) overflows)")
        if delta < 1.0:
            raise ParameterError(f"Ku={self.Ku!r} is not allowed: the barrier Ku v / kT = "
                                 f"{delta:.4g} kT is below 1 kT (a superparamagnet, not a "
                                 "memory cell); expected Ku v / kT >= 1")
        object.__setattr__(self, "bias_field", _bias(self.bias_field))
        if self.bias_field is not None:
            h = np.asarray(self.bias_field) / self.H_K
            astroid = abs(h[2]) ** (2 / 3) + math.hypot(h[0], h[1]) ** (2 / 3)
            if astroid >= 1.0:
                raise ParameterError(
                    f"bias_field={self.bias_field!r} is not allowed: H/H_K = "
                    f"{tuple(round(x, 4) for x in h)} is outside the Stoner-Wohlfarth astroid "
                    "(|h_z|^(2/3) + |h_perp|^(2/3) < 1): the cell has no second well")
            if self.delta + 2 * float(np.linalg.norm(self.xi)) > 2 * MAX_DELTA:
                raise ParameterError(f"bias_field={self.bias_field!r} is not allowed: the "
                                     "energy spans more than 1400 kT")
        if self.torque is not None and not isinstance(self.torque,
                                                      tuple(TORQUE_SOURCES.values())):
            raise ParameterTypeError(
                f"torque={self.torque!r} is not allowed: expected None or one of "
                f"{[cls.__name__ for cls in TORQUE_SOURCES.values()]}")

    # ------------------------------------------------------------ reduced units
    @property
    def kT(self) -> float:
        """Thermal energy, J."""
        return units.K_B * self.temperature

    @property
    def delta(self) -> float:
        """The anisotropy barrier ``Ku v / kT`` (:func:`fpsphere.units.sigma`)."""
        return units.sigma(self.Ku, self.volume, self.temperature)

    @property
    def tau_N(self) -> float:
        """The Neel time, s (:func:`fpsphere.units.neel_time`): the time unit of the solver."""
        return units.neel_time(self.Ms, self.volume, self.alpha, self.temperature, self.gamma)

    @property
    def H_K(self) -> float:
        """Anisotropy field ``2 Ku / (mu0 Ms)``, A/m."""
        return units.anisotropy_field(self.Ku, self.Ms)

    @property
    def xi(self) -> np.ndarray:
        """(3,) reduced bias field ``mu0 Ms H v / kT`` (kT), zero without a field."""
        if self.bias_field is None:
            return np.zeros(3)
        return np.asarray(units.xi(np.asarray(self.bias_field), self.Ms, self.volume,
                                   self.temperature))

    @property
    def energy(self) -> Potential:
        """``U = -delta u_z^2 - xi.u`` (kT)."""
        U = Uniaxial(sigma=self.delta)
        norm = float(np.linalg.norm(self.xi))
        return U if norm == 0 else U + Zeeman(xi=norm, direction=tuple(self.xi / norm))

    @cached_property
    def per_ampere(self) -> TorquePerAmpere | None:
        """The spin-transfer potentials at 1 A (:mod:`fpsphere.mram.torques`), or None."""
        return None if self.torque is None else self.torque.per_ampere(self)

    @property
    def collinear(self) -> bool:
        """True when bias field and polarizer lie along the easy axis: the problem is axial
        and the axis-aligned :func:`fpsphere.latlon` mesh transports it exactly."""
        field_ok = self.bias_field is None or math.hypot(*self.bias_field[:2]) <= 1e-12 * (
            abs(self.bias_field[2]) + 1e-300)
        torque = self.per_ampere
        torque_ok = torque is None or (torque.axial and abs(abs(torque.polarizer[2]) - 1) < 1e-12)
        return field_ok and torque_ok

    def _torque(self) -> TorquePerAmpere:
        if self.per_ampere is None:
            raise ParameterError("torque=None is not allowed here: expected a torque source "
                                 "(STT or SOT) for a current")
        return self.per_ampere

    def kappa(self, current):
        """Reduced damping-like amplitude ``kappa`` of a current (A), scalar or array."""
        return self._torque().kappa * np.asarray(current, dtype=float)[()]

    def current(self, kappa):
        """The current (A) of a reduced damping-like amplitude ``kappa``."""
        return np.asarray(kappa, dtype=float)[()] / self._torque().kappa

    def potentials(self, current: float) -> tuple[Potential | None, Potential | None]:
        """``(chi~, Phi~)`` (kT) at ``current`` (A); ``(None, None)`` at zero current."""
        if current == 0 or self.per_ampere is None:
            return None, None
        torque = self._torque()
        return torque.chi * float(current), torque.phi * float(current)

    # ------------------------------------------------------------ thresholds
    @cached_property
    def critical_current(self) -> Quantity:
        """Zero-temperature critical current (A, signed) out of the up well.

        Collinear STT: ``kappa_c (1 + alpha beta) g(1) = 2 delta + xi_z`` (conventions
        fact 3 with the Gilbert-form mapping), i.e. for ``xi = 0`` and ``eta`` uniform the
        textbook ``I_c0 = 4 e alpha Ku v / (hbar eta)``.  Otherwise the smaller
        ``|I|`` at which the stable state of the zero-temperature LLG disappears or
        loses stability (:func:`fpsphere.mram.threshold.critical_current`; for SOT with
        an in-plane field along the current the exact macrospin threshold, whose
        linearization is Lee et al., APL 102, 112410 (2013)).
        """
        from fpsphere.mram.threshold import critical_current

        return critical_current(self)

    def describe(self) -> str:
        """One line: the reduced parameters of the cell."""
        return (f"Cell(delta = {self.delta:.4g} kT, tau_N = {self.tau_N:.4g} s, "
                f"H_K = {self.H_K:.4g} A/m, alpha = {self.alpha:g}, T = {self.temperature:g} K"
                f"{', ' + self.per_ampere.description if self.per_ampere else ''})")
