"""SI device parameters to the reduced parameters of the solver.

Conventions: docs/conventions.md, sections 1 and 3.

The solver works in kT energy units and in the Neel free-diffusion time ``tau_N``.
This module turns the SI description of a macrospin (saturation magnetization
``Ms`` in A/m, anisotropy constants in J/m^3, volume in m^3, temperature in K,
Gilbert damping ``alpha``, gyromagnetic ratio ``gamma`` in rad s^-1 T^-1, fields in
A/m, currents in A) into

* the barriers ``sigma = K v/kT`` (uniaxial), ``sigma_c = K1 v/kT`` (cubic) and
  ``sigma_p = (1/2) mu0 Ms^2 (N_perp - N_par) v/kT`` (shape, easy plane),
* the Zeeman parameter ``xi = mu0 Ms H v/kT`` and the reduced field
  ``h = xi/(2 sigma) = H/H_K`` with ``H_K = 2K/(mu0 Ms)``,
* the time unit ``tau_N = (1 + alpha^2) Ms v/(2 alpha gamma kT)`` in seconds,
* the Slonczewski damping-like amplitude ``kappa = hbar eta I/(2 e alpha kT)`` and the
  critical current ``I_c`` at which ``kappa = 2 sigma`` (docs/conventions.md fact 3),
* the precession rate ``gamma mu0 H/(1 + alpha^2)`` (rad/s), equal to ``xi/(2 alpha)``
  per ``tau_N`` (docs/conventions.md fact 5),
* Brown's high-barrier asymptote for ``h = 0`` (docs/conventions.md fact 6).

Every formula is a plain function; :class:`Macrospin` is a frozen dataclass that
holds one device and offers the same quantities as properties and methods.  The
constants are CODATA values from :mod:`scipy.constants`; ``gamma`` defaults to the
electron gyromagnetic ratio :data:`GAMMA_E` (its magnitude).

Every parameter is checked before any arithmetic: a value outside its range
raises :class:`fpsphere.errors.ParameterError` (a ``ValueError``) naming the
parameter, the value and what is allowed; so does a result that is not finite
(``sigma(K=1e300, volume=1e300)``) or that divides by an underflowed zero, naming
the inputs; a value that is not a real number
(a string, ``None``, a bool) raises :class:`fpsphere.errors.ParameterTypeError`
(a ``TypeError``), as everywhere else in fpsphere.  Device constants (``Ms``,
``K``, ``volume``, ...) are scalars; the driving quantities (fields, currents,
times) may also be arrays, for sweeps, and then give arrays back.

``K`` is the uniaxial constant of the ``-sigma (u.n)^2`` term.  For a thin film it is
usually the *effective* constant, with the shape anisotropy already folded in;
do not then add a :func:`sigma_shape` term as well.

Example
-------
A CoFeB free layer of a perpendicular MRAM cell: a disc 40 nm across and 1.5 nm
thick, ``Ms = 1.1e6 A/m``, at 300 K, whose effective anisotropy gives a barrier of
60 kT.  ``K`` is deduced from that barrier, not assumed:

>>> import math
>>> from fpsphere.units import Macrospin, anisotropy_constant, brown_relaxation_time
>>> volume = math.pi * (20e-9) ** 2 * 1.5e-9                  # m^3
>>> K = anisotropy_constant(60.0, volume, temperature=300.0)  # J/m^3
>>> cell = Macrospin(Ms=1.1e6, K=K, volume=volume, temperature=300.0, alpha=0.01)
>>> print(f"K = {K:.4g} J/m^3, sigma = {cell.sigma:.1f}")
K = 1.318e+05 J/m^3, sigma = 60.0
>>> print(f"tau_N = {cell.tau_N * 1e9:.1f} ns, H_K = {cell.H_K:.4g} A/m "
...       f"(mu0 H_K = {cell.mu0_H_K:.3f} T)")
tau_N = 142.2 ns, H_K = 1.908e+05 A/m (mu0 H_K = 0.240 T)
>>> years = brown_relaxation_time(cell.sigma, cell.tau_N) / (365.25 * 86400)
>>> print(f"Brown relaxation time = {years:.2g} years")
Brown relaxation time = 9.8e+08 years
>>> print(f"I_c = {cell.critical_current(eta=0.5) * 1e6:.1f} uA (eta = 0.5)")
I_c = 30.2 uA (eta = 0.5)
"""

from __future__ import annotations

import functools
import inspect
import math
from dataclasses import dataclass

import numpy as np
from scipy import constants as _codata

from fpsphere.errors import ParameterError, ParameterTypeError

__all__ = [
    "GAMMA_E",
    "HBAR",
    "K_B",
    "MU_0",
    "E_CHARGE",
    "Macrospin",
    "anisotropy_constant",
    "anisotropy_field",
    "brown_rate",
    "brown_relaxation_time",
    "critical_current",
    "field_from_tesla",
    "field_to_tesla",
    "kappa",
    "neel_time",
    "precession_frequency",
    "reduced_field",
    "reduced_precession_rate",
    "sigma",
    "sigma_cubic",
    "sigma_shape",
    "to_seconds",
    "to_tau",
    "xi",
]

MU_0: float = _codata.mu_0
"""Vacuum permeability (T m/A), CODATA."""
K_B: float = _codata.k
"""Boltzmann constant (J/K), CODATA (exact)."""
HBAR: float = _codata.hbar
"""Reduced Planck constant (J s), CODATA (exact)."""
E_CHARGE: float = _codata.e
"""Elementary charge (C), CODATA (exact)."""
GAMMA_E: float = _codata.physical_constants["electron gyromag. ratio"][0]
"""Magnitude of the electron gyromagnetic ratio (rad s^-1 T^-1), CODATA."""

# exp(sigma) overflows a double just above 709.
_MAX_BROWN_SIGMA = 700.0

Real = float | np.ndarray


# ---------------------------------------------------------------- validation


def _real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterTypeError(
            f"{name}={value!r} is not allowed: expected a real number, "
            f"got {type(value).__name__}"
        )
    value = float(value)
    if not math.isfinite(value):
        raise ParameterError(f"{name}={value!r} is not allowed: expected a finite number")
    return value


def _positive(name: str, value) -> float:
    value = _real(name, value)
    if value <= 0:
        raise ParameterError(f"{name}={value!r} is not allowed: expected a finite number > 0")
    return value


def _fraction(name: str, value) -> float:
    value = _real(name, value)
    if not 0.0 <= value <= 1.0:
        raise ParameterError(f"{name}={value!r} is not allowed: expected 0 <= {name} <= 1")
    return value


def _finite_values(name: str, value) -> Real:
    """A real scalar (returned as float) or an array of finite reals (as float array)."""
    if np.ndim(value) == 0:
        return _real(name, value.item() if isinstance(value, np.ndarray) else value)
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as err:
        raise ParameterTypeError(f"{name}={value!r} is not allowed: expected real numbers") from err
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number) or np.iscomplexobj(array):
        raise ParameterTypeError(
            f"{name} is not allowed: expected real numbers, got an array of {array.dtype}"
        )
    array = array.astype(float)
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        index = np.unravel_index(bad[0], array.shape)
        raise ParameterError(
            f"{name}[{', '.join(map(str, index))}]={array[index]!r} is not allowed: "
            "expected finite numbers"
        )
    return array


def _thermal_energy(temperature) -> float:
    kT = K_B * _positive("temperature", temperature)
    if kT == 0.0:  # a subnormal temperature: k_B T underflows
        raise ParameterError(f"temperature={temperature!r} is not allowed: expected a "
                             "temperature > 0 whose k_B T is not 0 in double precision")
    return kT


def _finite_result(quantity: str):
    """Decorator: the result of a conversion is finite (scalar or array); an overflow,
    or a division by an underflowed zero, is a :class:`ParameterError` naming the inputs."""
    def decorate(func):
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                    result = func(*args, **kwargs)
            except (ZeroDivisionError, OverflowError):
                result = math.inf
            if np.all(np.isfinite(result)):
                return result
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            inputs = ", ".join(f"{k}={v!r}" for k, v in bound.arguments.items())
            raise ParameterError(f"{inputs} is not allowed: expected values for which "
                                 f"{quantity} is finite (it overflows)")
        return wrapper
    return decorate


def _one_field(H, mu0H) -> Real:
    """The field in A/m from exactly one of ``H`` (A/m) or ``mu0H`` (T)."""
    if (H is None) == (mu0H is None):
        raise ParameterError(
            f"H={H!r}, mu0H={mu0H!r} is not allowed: expected exactly one of "
            "H (A/m) or mu0H (T)"
        )
    return _finite_values("H", H) if mu0H is None else field_from_tesla(mu0H)


# ---------------------------------------------------------------- energies (kT units)


@_finite_result("sigma")
def sigma(K, volume, temperature=300.0) -> float:
    """Uniaxial barrier ``sigma = K v / kT`` (docs/conventions.md section 1).

    Parameters
    ----------
    K : float
        Uniaxial (effective) anisotropy constant, J/m^3, > 0.
    volume : float
        Magnet volume ``v``, m^3, > 0.
    temperature : float
        Temperature ``T``, K, > 0.

    Returns
    -------
    float
        ``sigma``, dimensionless (energy in kT).
    """
    K = _positive("K", K)
    volume = _positive("volume", volume)
    return K * volume / _thermal_energy(temperature)


@_finite_result("K")
def anisotropy_constant(sigma, volume, temperature=300.0) -> float:
    """Inverse of :func:`sigma`: ``K = sigma kT / v`` in J/m^3 (docs/conventions.md section 1).

    Parameters
    ----------
    sigma : float
        Uniaxial barrier in kT, > 0.
    volume : float
        Magnet volume, m^3, > 0.
    temperature : float
        Temperature, K, > 0.

    Returns
    -------
    float
        ``K``, J/m^3.
    """
    sigma = _positive("sigma", sigma)
    volume = _positive("volume", volume)
    return sigma * _thermal_energy(temperature) / volume


@_finite_result("sigma_c")
def sigma_cubic(K1, volume, temperature=300.0) -> float:
    """Cubic anisotropy parameter ``sigma_c = K1 v / kT`` (docs/conventions.md section 1).

    Parameters
    ----------
    K1 : float
        First cubic anisotropy constant, J/m^3, any finite sign (negative for Ni).
    volume : float
        Magnet volume, m^3, > 0.
    temperature : float
        Temperature, K, > 0.

    Returns
    -------
    float
        ``sigma_c`` of the term ``sigma_c (ux^2 uy^2 + uy^2 uz^2 + uz^2 ux^2)``.
    """
    K1 = _real("K1", K1)
    volume = _positive("volume", volume)
    return K1 * volume / _thermal_energy(temperature)


@_finite_result("sigma_p")
def sigma_shape(Ms, N_perp, N_par, volume, temperature=300.0) -> float:
    """Shape (easy-plane) parameter ``sigma_p = (1/2) mu0 Ms^2 (N_perp - N_par) v / kT``.

    docs/conventions.md section 1, term ``+sigma_p (u.n)^2``.  For a body of revolution
    about ``n`` (``N_perp + 2 N_par = 1``), ``N_perp`` is the demagnetizing factor
    along ``n`` and ``N_par`` the one across it: a thin disc normal to ``n`` has
    ``N_perp ~ 1, N_par ~ 0`` and ``sigma_p > 0`` (easy plane); a needle along ``n``
    has ``sigma_p < 0`` (easy axis).

    Parameters
    ----------
    Ms : float
        Saturation magnetization, A/m, > 0.
    N_perp, N_par : float
        Demagnetizing factors along and across ``n``, each in [0, 1].
    volume : float
        Magnet volume, m^3, > 0.
    temperature : float
        Temperature, K, > 0.

    Returns
    -------
    float
        ``sigma_p``, dimensionless.
    """
    Ms = _positive("Ms", Ms)
    N_perp = _fraction("N_perp", N_perp)
    N_par = _fraction("N_par", N_par)
    volume = _positive("volume", volume)
    return 0.5 * MU_0 * Ms * Ms * (N_perp - N_par) * volume / _thermal_energy(temperature)


# ---------------------------------------------------------------- fields


@_finite_result("H")
def field_from_tesla(mu0H) -> Real:
    """``H = mu0H / mu0``: a field given in tesla to A/m (scalar or array)."""
    return _finite_values("mu0H", mu0H) / MU_0


@_finite_result("mu0 H")
def field_to_tesla(H) -> Real:
    """``mu0 H``: a field given in A/m to tesla (scalar or array)."""
    return MU_0 * _finite_values("H", H)


@_finite_result("H_K")
def anisotropy_field(K, Ms) -> float:
    """Anisotropy field ``H_K = 2K / (mu0 Ms)`` in A/m (docs/conventions.md section 1).

    Parameters
    ----------
    K : float
        Uniaxial anisotropy constant, J/m^3, > 0.
    Ms : float
        Saturation magnetization, A/m, > 0.
    """
    K = _positive("K", K)
    Ms = _positive("Ms", Ms)
    return 2.0 * K / (MU_0 * Ms)


@_finite_result("xi")
def xi(H, Ms, volume, temperature=300.0) -> Real:
    """Zeeman parameter ``xi = mu0 Ms H v / kT`` (docs/conventions.md section 1).

    Parameters
    ----------
    H : float or array_like
        Applied field, A/m, finite, any sign (use :func:`field_from_tesla` for ``mu0 H``).
    Ms : float
        Saturation magnetization, A/m, > 0.
    volume : float
        Magnet volume, m^3, > 0.
    temperature : float
        Temperature, K, > 0.

    Returns
    -------
    float or ndarray
        ``xi`` of the term ``-xi (u.e_H)``, same shape as ``H``.
    """
    H = _finite_values("H", H)
    Ms = _positive("Ms", Ms)
    volume = _positive("volume", volume)
    return MU_0 * Ms * volume / _thermal_energy(temperature) * H


@_finite_result("h")
def reduced_field(H, K, Ms) -> Real:
    """Reduced field ``h = H / H_K = xi / (2 sigma)`` (docs/conventions.md section 1).

    Parameters
    ----------
    H : float or array_like
        Applied field, A/m, finite.
    K : float
        Uniaxial anisotropy constant, J/m^3, > 0.
    Ms : float
        Saturation magnetization, A/m, > 0.

    Returns
    -------
    float or ndarray
        ``h``, dimensionless; the zero-temperature switching field along the easy
        axis is ``|h| = 1``.
    """
    H = _finite_values("H", H)
    return H / anisotropy_field(K, Ms)


# ---------------------------------------------------------------- time


@_finite_result("tau_N")
def neel_time(Ms, volume, alpha, temperature=300.0, gamma=GAMMA_E) -> float:
    """Neel free-diffusion time ``tau_N = (1 + alpha^2) Ms v / (2 alpha gamma kT)``.

    docs/conventions.md section 1.  With ``Ms`` in A/m, ``v`` in m^3, ``gamma`` in
    rad s^-1 T^-1 and ``kT`` in J the result is in seconds (T = J A^-1 m^-2).

    Parameters
    ----------
    Ms : float
        Saturation magnetization, A/m, > 0.
    volume : float
        Magnet volume, m^3, > 0.
    alpha : float
        Gilbert damping, > 0.
    temperature : float
        Temperature, K, > 0.
    gamma : float
        Gyromagnetic ratio (magnitude), rad s^-1 T^-1, > 0.

    Returns
    -------
    float
        ``tau_N``, s.
    """
    Ms = _positive("Ms", Ms)
    volume = _positive("volume", volume)
    alpha = _positive("alpha", alpha)
    gamma = _positive("gamma", gamma)
    kT = _thermal_energy(temperature)
    return (1.0 + alpha * alpha) * Ms * volume / (2.0 * alpha * gamma * kT)


@_finite_result("t / tau_N")
def to_tau(t, tau_N) -> Real:
    """Real time ``t`` (s, scalar or array) in units of ``tau_N`` (s, > 0)."""
    t = _finite_values("t", t)
    return t / _positive("tau_N", tau_N)


@_finite_result("tau tau_N")
def to_seconds(tau, tau_N) -> Real:
    """Reduced time ``tau`` (scalar or array) in seconds, given ``tau_N`` (s, > 0)."""
    tau = _finite_values("tau", tau)
    return tau * _positive("tau_N", tau_N)


@_finite_result("the frequency")
def precession_frequency(H, alpha, gamma=GAMMA_E) -> Real:
    """Larmor angular frequency of the damped moment, ``gamma mu0 H / (1 + alpha^2)``.

    docs/conventions.md fact 5.  Multiplied by :func:`neel_time` it equals
    :func:`reduced_precession_rate` of the same field.

    Parameters
    ----------
    H : float or array_like
        Field, A/m, finite.
    alpha : float
        Gilbert damping, > 0.
    gamma : float
        Gyromagnetic ratio, rad s^-1 T^-1, > 0.

    Returns
    -------
    float or ndarray
        Angular frequency, rad/s (divide by ``2 pi`` for Hz).
    """
    H = _finite_values("H", H)
    alpha = _positive("alpha", alpha)
    gamma = _positive("gamma", gamma)
    return gamma * MU_0 / (1.0 + alpha * alpha) * H


@_finite_result("the rate")
def reduced_precession_rate(xi, alpha) -> Real:
    """Precession angular rate ``xi / (2 alpha)`` per ``tau_N`` (docs/conventions.md fact 5).

    Parameters
    ----------
    xi : float or array_like
        Zeeman parameter, finite.
    alpha : float
        Gilbert damping, > 0.
    """
    xi = _finite_values("xi", xi)
    return xi / (2.0 * _positive("alpha", alpha))


def brown_rate(sigma) -> float:
    """Brown's high-barrier asymptote ``lambda_1 tau_N = (2/sqrt(pi)) sigma^(3/2) e^(-sigma)``.

    docs/conventions.md fact 6: the lowest nonzero eigenvalue of the operator for the
    uniaxial potential ``-sigma (u.n)^2`` at ``h = 0``, in units of ``1/tau_N``.
    Its relative error is ``O(1/sigma)``: use it for ``sigma`` of about 5 or more.

    Parameters
    ----------
    sigma : float
        Barrier in kT, ``0 < sigma <= 700``.
    """
    sigma = _positive("sigma", sigma)
    if sigma > _MAX_BROWN_SIGMA:
        raise ParameterError(
            f"sigma={sigma!r} is not allowed: expected 0 < sigma <= {_MAX_BROWN_SIGMA:g} "
            "(exp(sigma) overflows beyond)"
        )
    return 2.0 / math.sqrt(math.pi) * sigma**1.5 * math.exp(-sigma)


@_finite_result("the relaxation time")
def brown_relaxation_time(sigma, tau_N) -> float:
    """Brown's asymptotic relaxation time ``tau_N (sqrt(pi)/2) sigma^(-3/2) e^sigma`` in s.

    This is ``1/lambda_1`` (docs/conventions.md fact 6), the decay time of the
    population difference of the two wells at ``h = 0``.  The mean time spent in
    one well before escaping (the retention time) is twice as long, since
    ``lambda_1`` is the sum of the two equal escape rates.

    Parameters
    ----------
    sigma : float
        Barrier in kT, ``0 < sigma <= 700``.
    tau_N : float
        Neel time, s, > 0.
    """
    rate = brown_rate(sigma)
    return _positive("tau_N", tau_N) / rate


# ---------------------------------------------------------------- spin transfer


@_finite_result("kappa")
def kappa(current, eta, alpha, temperature=300.0) -> Real:
    """Slonczewski damping-like amplitude ``kappa = hbar eta I / (2 e alpha kT)``.

    docs/conventions.md section 3: the reduced spin-transfer potential is
    ``chi~ = -kappa (u.p)``; the critical value is ``kappa_c = 2 sigma`` (fact 3).

    Parameters
    ----------
    current : float or array_like
        Charge current ``I``, A, finite; its sign sets the sense of the torque.
    eta : float
        Spin-transfer efficiency (spin polarization), dimensionless, > 0.
    alpha : float
        Gilbert damping, > 0.
    temperature : float
        Temperature, K, > 0.

    Returns
    -------
    float or ndarray
        ``kappa``, dimensionless, same shape as ``current``.
    """
    current = _finite_values("current", current)
    eta = _positive("eta", eta)
    alpha = _positive("alpha", alpha)
    return HBAR * eta / (2.0 * E_CHARGE * alpha * _thermal_energy(temperature)) * current


@_finite_result("I_c")
def critical_current(K, volume, alpha, eta) -> float:
    """Current at which ``kappa = 2 sigma``: ``I_c = 4 e alpha K v / (hbar eta)`` in A.

    docs/conventions.md fact 3 (``a_J = alpha H_K``); independent of temperature.

    Parameters
    ----------
    K : float
        Uniaxial anisotropy constant, J/m^3, > 0.
    volume : float
        Magnet volume, m^3, > 0.
    alpha : float
        Gilbert damping, > 0.
    eta : float
        Spin-transfer efficiency, > 0.
    """
    K = _positive("K", K)
    volume = _positive("volume", volume)
    alpha = _positive("alpha", alpha)
    eta = _positive("eta", eta)
    return 4.0 * E_CHARGE * alpha * K * volume / (HBAR * eta)


# ---------------------------------------------------------------- one device


@dataclass(frozen=True)
class Macrospin:
    """One single-domain magnet in SI units, with its reduced parameters.

    Parameters
    ----------
    Ms : float
        Saturation magnetization, A/m, > 0.
    K : float
        Uniaxial (effective) anisotropy constant, J/m^3, > 0.
    volume : float
        Volume, m^3, > 0.
    temperature : float
        Temperature, K, > 0.
    alpha : float
        Gilbert damping, > 0.
    gamma : float
        Gyromagnetic ratio (magnitude), rad s^-1 T^-1, > 0.
    K1 : float
        Cubic anisotropy constant, J/m^3, finite, any sign.

    Every field is validated (and stored as ``float``) on construction.
    """

    Ms: float
    K: float
    volume: float
    temperature: float = 300.0
    alpha: float = 0.01
    gamma: float = GAMMA_E
    K1: float = 0.0

    def __post_init__(self) -> None:
        checked = {
            "Ms": _positive("Ms", self.Ms),
            "K": _positive("K", self.K),
            "volume": _positive("volume", self.volume),
            "temperature": _positive("temperature", self.temperature),
            "alpha": _positive("alpha", self.alpha),
            "gamma": _positive("gamma", self.gamma),
            "K1": _real("K1", self.K1),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    @property
    def kT(self) -> float:
        """Thermal energy ``k_B T``, J."""
        return K_B * self.temperature

    @property
    def sigma(self) -> float:
        """Uniaxial barrier ``K v / kT`` (see :func:`sigma`)."""
        return sigma(self.K, self.volume, self.temperature)

    @property
    def sigma_cubic(self) -> float:
        """Cubic parameter ``K1 v / kT`` (see :func:`sigma_cubic`)."""
        return sigma_cubic(self.K1, self.volume, self.temperature)

    @property
    def H_K(self) -> float:
        """Anisotropy field ``2K / (mu0 Ms)``, A/m."""
        return anisotropy_field(self.K, self.Ms)

    @property
    def mu0_H_K(self) -> float:
        """Anisotropy field ``mu0 H_K``, T."""
        return MU_0 * self.H_K

    @property
    def tau_N(self) -> float:
        """Neel free-diffusion time, s (see :func:`neel_time`)."""
        return neel_time(self.Ms, self.volume, self.alpha, self.temperature, self.gamma)

    def sigma_shape(self, N_perp, N_par) -> float:
        """Shape parameter ``sigma_p`` for demagnetizing factors (see :func:`sigma_shape`)."""
        return sigma_shape(self.Ms, N_perp, N_par, self.volume, self.temperature)

    def xi(self, H=None, *, mu0H=None) -> Real:
        """Zeeman parameter for a field ``H`` in A/m or ``mu0H`` in T (exactly one)."""
        return xi(_one_field(H, mu0H), self.Ms, self.volume, self.temperature)

    def h(self, H=None, *, mu0H=None) -> Real:
        """Reduced field ``H / H_K`` for ``H`` in A/m or ``mu0H`` in T (exactly one)."""
        return reduced_field(_one_field(H, mu0H), self.K, self.Ms)

    def precession_frequency(self, H=None, *, mu0H=None) -> Real:
        """Angular precession frequency in rad/s (see :func:`precession_frequency`)."""
        return precession_frequency(_one_field(H, mu0H), self.alpha, self.gamma)

    def kappa(self, current, eta) -> Real:
        """Damping-like amplitude for ``current`` in A (see :func:`kappa`)."""
        return kappa(current, eta, self.alpha, self.temperature)

    def critical_current(self, eta) -> float:
        """Current in A at which ``kappa = 2 sigma`` (see :func:`critical_current`)."""
        return critical_current(self.K, self.volume, self.alpha, eta)

    def to_tau(self, t_seconds) -> Real:
        """Real time in s to units of ``tau_N``."""
        return to_tau(t_seconds, self.tau_N)

    def to_seconds(self, tau) -> Real:
        """Time in units of ``tau_N`` to seconds."""
        return to_seconds(tau, self.tau_N)
