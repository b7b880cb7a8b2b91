"""Torque sources of an MRAM cell: spin-transfer (STT) and spin-orbit (SOT) torques.

Owns the mapping from a current ``I`` (A) to the reduced spin-transfer potentials
``chi~`` (damping-like) and ``Phi~`` (field-like) of the Fokker-Planck equation
(docs/conventions.md, section 3), *per ampere*: the response is linear in ``I``.
Depends on :mod:`fpsphere.units` (CODATA constants), :mod:`fpsphere.energy` and,
for a torque from a multilayer, :mod:`fpsphere.coupling`.

Convention (the one of the MRAM and spin-orbit-torque literature)
-----------------------------------------------------------------
The torques are written as in the Landau-Lifshitz-Gilbert-Slonczewski equation,
in the Gilbert form, with amplitudes in kT (``mu0 Ms v H / kT`` for an effective
field ``H``)::

    du/dt = -gamma' u x H_eff + alpha u x du/dt + gamma' T,
    T = a [ u x (u x p) + beta u x p ].

``a > 0`` drives ``u`` away from ``p`` (towards ``-p``); ``beta`` is the
field-like ratio: ``beta u x p = -u x (-beta p)`` is the precession about an
effective field ``-beta a p``, so ``beta > 0`` puts the field-like effective field
along the direction the damping-like torque drives the moment to (the sign of a
spin accumulation acting on the moment both ways).

The generalized LLG that fpsphere solves (S-24) is the same equation in the
Landau-Lifshitz form, with the torque ``X = u x grad Phi + grad chi``.  Solving the
Gilbert form for ``du/dt`` gives ``X = T + alpha u x T``; with
``u x (u x (u x p)) = -u x p``::

    X = a (1 + alpha beta) u x (u x p) + a (beta - alpha) u x p.

For a uniform amplitude (``a`` independent of ``x = u.p``), ``grad(-x) = u x (u x p)``
and ``u x grad(x) = u x p`` give ``chi_X = -a (1 + alpha beta) x`` and
``Phi_X = a (beta - alpha) x``; the reduced potentials are ``chi~ = chi_X / alpha``,
``Phi~ = Phi_X`` (:mod:`fpsphere.coupling`).  With ``kappa = a / alpha``::

    chi~ = -kappa (1 + alpha beta) (u.p),      Phi~ = alpha kappa (beta - alpha) (u.p).

For ``beta = 0`` this is ``chi~ = -kappa (u.p)`` of docs/conventions.md section 3
exactly, plus ``Phi~ = -alpha^2 kappa (u.p)``, which changes nothing for a collinear
cell (the rates of an axial problem do not depend on ``Phi~``, fact 3).  A pure
field-like torque (``a -> 0``, ``a beta`` fixed) gives ``U_d = U + a beta (u.p)`` and
``U_p = U + a beta (u.p)``: exactly a Zeeman field ``-a beta p``, as it must in the
Gilbert form.  A test integrates the Gilbert form in SI units independently and
compares the direction and speed of motion with :func:`fpsphere.llg.drift`.

Amplitudes per ampere
---------------------
* :class:`STT` (uniform efficiency ``eta``): ``a = hbar eta I / (2 e kT)``, so
  ``kappa = hbar eta I / (2 e alpha kT)`` (:func:`fpsphere.units.kappa`); with a
  Slonczewski ``polarization`` ``P`` the angular law ``g(u.p)`` of
  :class:`fpsphere.Slonczewski` multiplies ``a`` (``eta = 1``).  With a
  :class:`fpsphere.coupling.StackTorque` the torque ``X`` of the stack (already the
  Landau-Lifshitz-form torque of S-21) is used as it is, at ``J = I / A``.
* :class:`SOT`: a charge current ``I`` along ``j`` in a heavy-metal strip of width
  ``w`` and thickness ``t_HM`` has the density ``j = I / (w t_HM)``; the spin
  current ``theta_SH j`` (charge units) with polarization ``p = z x j`` enters the
  free layer through its footprint ``v / t_F``: ``a = hbar theta_SH j v /
  (2 e t_F kT)``, i.e. the effective field ``H_DL = hbar theta_SH j / (2 e mu0 Ms
  t_F)`` (Liu et al., Science 336, 555 (2012); Lee et al., APL 102, 112410 (2013)).
  An optional spin-diffusion length ``lambda`` of the heavy metal multiplies
  ``theta_SH`` by ``1 - sech(t_HM / lambda)``.

Sources register in :data:`TORQUE_SOURCES` (name -> class); the ``[cell.torque]``
table of run configurations reads the registry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from fpsphere.energy import Constant, Polarizer, Potential, Slonczewski
from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.units import E_CHARGE, HBAR

if TYPE_CHECKING:  # pragma: no cover
    from fpsphere.mram.cell import Cell

__all__ = ["SOT", "STT", "TORQUE_SOURCES", "TorquePerAmpere", "gilbert_potentials"]

_Z = np.array([0.0, 0.0, 1.0])


def _real(name: str, value, *, positive: bool = False, nonzero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterTypeError(f"{name}={value!r} is not allowed: expected a real number, "
                                 f"got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ParameterError(f"{name}={value!r} is not allowed: expected a finite number")
    if positive and value <= 0:
        raise ParameterError(f"{name}={value!r} is not allowed: expected a finite number > 0")
    if nonzero and value == 0:
        raise ParameterError(f"{name}={value!r} is not allowed: expected a non-zero number")
    return value


def _direction(name: str, value) -> tuple[float, float, float]:
    try:
        v = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as err:
        raise ParameterTypeError(f"{name}={value!r} is not allowed: expected 3 finite "
                                 "numbers") from err
    if v.shape != (3,) or not np.all(np.isfinite(v)) or not np.linalg.norm(v) > 0:
        raise ParameterError(f"{name}={value!r} is not allowed: expected 3 finite numbers, "
                             "not all zero (a direction)")
    return tuple(float(x) for x in v / np.linalg.norm(v))


@dataclass(frozen=True)
class TorquePerAmpere:
    """The reduced potentials of a torque source at ``I = 1 A`` (kT).

    Attributes
    ----------
    chi, phi : damping-like ``chi~`` and field-like ``Phi~`` per ampere (kT/A); the
        potentials at a current ``I`` are ``I chi`` and ``I phi``.
    kappa : reduced damping-like amplitude per ampere (1/A): ``a / alpha`` of the
        module docstring (for a stack, the slope ``-d chi~/d(u.p)`` at ``u = p``).
    polarizer : unit ``p`` (3,).
    axial : True when the potentials depend on ``u.p`` only.
    description : how the potentials were obtained.
    """

    chi: Potential
    phi: Potential
    kappa: float
    polarizer: tuple[float, float, float]
    axial: bool
    description: str


def gilbert_potentials(kappa: float, beta: float, alpha: float,
                       polarizer) -> tuple[Potential, Potential]:
    """``(chi~, Phi~)`` of a uniform Gilbert-form torque (module docstring).

    ``chi~ = -kappa (1 + alpha beta) (u.p)``, ``Phi~ = alpha kappa (beta - alpha) (u.p)``.
    """
    p = _direction("polarizer", polarizer)
    return (Polarizer(-kappa * (1.0 + alpha * beta), p),
            Polarizer(alpha * kappa * (beta - alpha), p))


@dataclass(frozen=True)
class STT:
    """Spin-transfer torque from a fixed layer (a perpendicular MTJ).

    Parameters
    ----------
    polarizer : 3-vector
        ``p``: a positive current drives the free layer away from ``p`` (with the
        default ``+z`` it writes the cell from up to down).
    efficiency : float, optional
        Uniform spin-transfer efficiency ``eta`` (> 0, at most 1): ``kappa = hbar eta I /
        (2 e alpha kT)``.
    polarization : float, optional
        Spin polarization ``P`` in (0, 1): Slonczewski's angular efficiency instead
        (:class:`fpsphere.Slonczewski`).  Give exactly one of ``efficiency``,
        ``polarization`` or ``stack``.
    field_like_ratio : float
        ``beta`` of the module docstring (default 0).
    stack : fpsphere.coupling.StackTorque, optional
        The torque of a multilayer from the 1D spin-accumulation solver, used at the
        current density ``I / stack.area``; its ``axis`` is the polarizer.
    """

    polarizer: tuple[float, float, float] = (0.0, 0.0, 1.0)
    efficiency: float | None = None
    polarization: float | None = None
    field_like_ratio: float = 0.0
    stack: object | None = None

    name = "stt"
    #: config keys of ``[cell.torque]`` with ``kind = "stt"``
    keys = ("polarizer", "efficiency", "polarization", "field_like_ratio")

    def __post_init__(self) -> None:
        given = [k for k in ("efficiency", "polarization", "stack") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ParameterError(
                f"efficiency={self.efficiency!r}, polarization={self.polarization!r}, "
                f"stack={'given' if self.stack is not None else None} is not allowed: expected "
                "exactly one of efficiency (uniform eta), polarization (Slonczewski P) or stack")
        if self.efficiency is not None:
            eta = _real("efficiency", self.efficiency, positive=True)
            if eta > 1:
                raise ParameterError(f"efficiency={eta!r} is not allowed: expected 0 < eta <= 1")
            object.__setattr__(self, "efficiency", eta)
        if self.polarization is not None:
            pol = _real("polarization", self.polarization)
            if not 0 < pol < 1:
                raise ParameterError(f"polarization={pol!r} is not allowed: expected 0 < P < 1")
            object.__setattr__(self, "polarization", pol)
        if self.stack is not None:
            from fpsphere.coupling import StackTorque

            if not isinstance(self.stack, StackTorque):
                raise ParameterTypeError(f"stack={self.stack!r} is not allowed: expected a "
                                         "fpsphere.coupling.StackTorque")
            if self.field_like_ratio != 0.0:
                raise ParameterError(f"field_like_ratio={self.field_like_ratio!r} is not "
                                     "allowed with a stack: its torque has its own field-like "
                                     "part (l_perp)")
            object.__setattr__(self, "polarizer", self.stack.axis)
        object.__setattr__(self, "polarizer", _direction("polarizer", self.polarizer))
        object.__setattr__(self, "field_like_ratio",
                           _real("field_like_ratio", self.field_like_ratio))

    def per_ampere(self, cell: Cell) -> TorquePerAmpere:
        """The potentials at ``I = 1 A`` for ``cell`` (module docstring)."""
        alpha, beta, p = cell.alpha, self.field_like_ratio, self.polarizer
        scale = HBAR / (2.0 * E_CHARGE * alpha * cell.kT)
        if self.stack is not None:
            if abs(self.stack.temperature - cell.temperature) > 1e-9 * cell.temperature:
                raise ParameterError(f"stack.temperature={self.stack.temperature!r} is not "
                                     f"allowed: expected the cell's temperature "
                                     f"{cell.temperature!r} K (the kT unit of the torque)")
            torque = self.stack.torque(1.0 / self.stack.area)
            chi, phi = torque.potentials(alpha)
            kappa = float(torque.damping_like(1.0)) / alpha
            return TorquePerAmpere(chi, phi, kappa, p, True,
                                   f"STT from a {self.stack.stack.n_layers}-layer stack "
                                   "(vector spin-accumulation model, S-20/S-21)")
        if self.polarization is not None:
            kappa = scale
            chi = Slonczewski(kappa * (1.0 + alpha * beta), self.polarization, p)
            phi = (Slonczewski(-alpha * kappa * (beta - alpha), self.polarization, p)
                   if beta != alpha else Constant(0.0))
            return TorquePerAmpere(chi, phi, kappa, p, True,
                                   f"STT, Slonczewski angular efficiency P = {self.polarization}"
                                   f", field-like ratio {beta}")
        kappa = scale * self.efficiency
        chi, phi = gilbert_potentials(kappa, beta, alpha, p)
        return TorquePerAmpere(chi, phi, kappa, p, True,
                               f"STT, uniform efficiency eta = {self.efficiency}, "
                               f"field-like ratio {beta}")

    def angular_efficiency(self, x: float) -> float:
        """``g(x)`` multiplying the amplitude at ``x = u.p`` (1 for a uniform efficiency)."""
        if self.polarization is None:
            return 1.0
        return float(Slonczewski(1.0, self.polarization).efficiency(x))


@dataclass(frozen=True)
class SOT:
    """Spin-orbit torque from the spin Hall effect of a heavy-metal strip.

    Parameters
    ----------
    spin_hall_angle : float
        Effective ``theta_SH`` (non-zero; its sign sets the sense of the torque).
    heavy_metal_thickness : float
        ``t_HM`` (m, > 0) of the strip that carries the current.
    width : float
        Width ``w`` (m, > 0) of the strip: ``j = I / (w t_HM)``.
    current_direction : 3-vector
        In-plane direction ``j`` of the current (perpendicular to the easy axis z).
    field_like_ratio : float
        ``beta = H_FL / H_DL`` (module docstring); default 0.
    spin_diffusion_length : float, optional
        ``lambda`` (m, > 0) of the heavy metal: ``theta_SH (1 - sech(t_HM/lambda))``.

    The polarizer is ``p = z x j``, perpendicular to the easy axis.
    """

    spin_hall_angle: float
    heavy_metal_thickness: float
    width: float
    current_direction: tuple[float, float, float] = (1.0, 0.0, 0.0)
    field_like_ratio: float = 0.0
    spin_diffusion_length: float | None = None

    name = "sot"
    keys = ("spin_hall_angle", "heavy_metal_thickness", "width", "current_direction",
            "field_like_ratio", "spin_diffusion_length")

    def __post_init__(self) -> None:
        theta = _real("spin_hall_angle", self.spin_hall_angle, nonzero=True)
        if abs(theta) > 10:
            raise ParameterError(f"spin_hall_angle={theta!r} is not allowed: expected "
                                 "|theta_SH| <= 10")
        object.__setattr__(self, "spin_hall_angle", theta)
        for name in ("heavy_metal_thickness", "width"):
            object.__setattr__(self, name, _real(name, getattr(self, name), positive=True))
        j = _direction("current_direction", self.current_direction)
        if abs(j[2]) > 1e-9:
            raise ParameterError(f"current_direction={self.current_direction!r} is not "
                                 "allowed: expected an in-plane direction (z component 0; the "
                                 "easy axis is z)")
        object.__setattr__(self, "current_direction", (j[0], j[1], 0.0))
        object.__setattr__(self, "field_like_ratio",
                           _real("field_like_ratio", self.field_like_ratio))
        if self.spin_diffusion_length is not None:
            object.__setattr__(self, "spin_diffusion_length",
                               _real("spin_diffusion_length", self.spin_diffusion_length,
                                     positive=True))

    @property
    def polarizer(self) -> tuple[float, float, float]:
        """``p = z x j`` (unit, in plane)."""
        return tuple(float(x) for x in np.cross(_Z, self.current_direction))

    @property
    def effective_angle(self) -> float:
        """``theta_SH``, times ``1 - sech(t_HM / lambda)`` with a spin-diffusion length."""
        if self.spin_diffusion_length is None:
            return self.spin_hall_angle
        ratio = self.heavy_metal_thickness / self.spin_diffusion_length
        return self.spin_hall_angle * (1.0 - 1.0 / math.cosh(min(ratio, 700.0)))

    def current_density(self, current) -> float | np.ndarray:
        """``j = I / (w t_HM)`` (A/m^2) of a current ``I`` (A)."""
        return np.asarray(current, float) / (self.width * self.heavy_metal_thickness)

    def per_ampere(self, cell: Cell) -> TorquePerAmpere:
        """The potentials at ``I = 1 A`` for ``cell`` (module docstring)."""
        if cell.thickness is None:
            raise ParameterError("thickness=None is not allowed for a SOT cell: expected the "
                                 "free-layer thickness (give diameter and thickness), which "
                                 "sets the interface area v / t_F")
        j = 1.0 / (self.width * self.heavy_metal_thickness)
        a = HBAR * self.effective_angle * j * cell.volume / (
            2.0 * E_CHARGE * cell.thickness * cell.kT)
        kappa = a / cell.alpha
        chi, phi = gilbert_potentials(kappa, self.field_like_ratio, cell.alpha, self.polarizer)
        return TorquePerAmpere(chi, phi, kappa, self.polarizer, False,
                               f"SOT, theta_SH = {self.effective_angle:.4g}, p = z x j = "
                               f"{tuple(round(x, 6) for x in self.polarizer)}, field-like "
                               f"ratio {self.field_like_ratio}")


#: Torque sources by name (the ``kind`` of a ``[cell.torque]`` table).
TORQUE_SOURCES: dict[str, type] = {STT.name: STT, SOT.name: SOT}
