"""Energy terms (kT units) as composable dataclasses; see :mod:`fpsphere.energy`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError

__all__ = [
    "Potential", "Sum", "Constant", "Uniaxial", "Zeeman", "Cubic", "EasyPlane", "Polarizer",
    "Slonczewski",
    "Custom", "as_potential", "evaluate",
]


def _unit(name: str, vector) -> tuple[float, float, float]:
    v = np.asarray(vector, dtype=float)
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        raise ParameterError(f"{name}={vector!r} is not allowed: expected 3 finite numbers")
    norm = np.linalg.norm(v)
    if norm == 0:
        raise ParameterError(f"{name}={vector!r} is not allowed: expected a non-zero vector")
    return tuple(float(x) for x in v / norm)


def _finite(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterTypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not np.isfinite(value):
        raise ParameterError(f"{name}={value!r} is not allowed: expected a finite number")
    return float(value)


class Potential:
    """Base of the energy terms: callable ``(n, 3) -> (n,)`` in kT, added with ``+``."""

    def __call__(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def __add__(self, other) -> Sum:
        return Sum((*_terms(self), *_terms(as_potential(other, "other"))))

    def __radd__(self, other) -> Sum:
        if isinstance(other, int | float) and other == 0:  # sum([...]) starts at 0
            return Sum(_terms(self))
        return as_potential(other, "other") + self

    def __neg__(self) -> Potential:
        return self * -1.0

    def __sub__(self, other) -> Sum:
        return self + (-as_potential(other, "other"))

    def __mul__(self, factor) -> Potential:
        factor = _finite("factor", factor)
        return Custom(lambda u, f=self, k=factor: k * f(u), name=f"{factor:g}*({self!r})")

    __rmul__ = __mul__


def _terms(p: Potential) -> tuple[Potential, ...]:
    return p.terms if isinstance(p, Sum) else (p,)


@dataclass(frozen=True)
class Sum(Potential):
    """Sum of energy terms."""

    terms: tuple[Potential, ...]

    def __call__(self, u):
        u = np.asarray(u, dtype=float)
        total = np.zeros(u.shape[0])
        for term in self.terms:
            total = total + term(u)
        return total


@dataclass(frozen=True)
class Constant(Potential):
    """A constant ``value`` (kT); the zero potential is ``Constant(0)``."""

    value: float = 0.0

    def __call__(self, u):
        return np.full(np.asarray(u).shape[0], float(self.value))


@dataclass(frozen=True)
class Uniaxial(Potential):
    """Uniaxial anisotropy ``U = -sigma (u.n)^2``; ``sigma = K v / kT`` is the barrier."""

    sigma: float
    axis: tuple[float, float, float] = (0.0, 0.0, 1.0)

    def __post_init__(self):
        object.__setattr__(self, "sigma", _finite("sigma", self.sigma))
        object.__setattr__(self, "axis", _unit("axis", self.axis))

    def __call__(self, u):
        return -self.sigma * (np.asarray(u) @ np.asarray(self.axis)) ** 2


@dataclass(frozen=True)
class Zeeman(Potential):
    """Zeeman energy ``U = -xi (u.e_H)``, ``xi = mu0 M_s H v / kT``."""

    xi: float
    direction: tuple[float, float, float] = (0.0, 0.0, 1.0)

    def __post_init__(self):
        object.__setattr__(self, "xi", _finite("xi", self.xi))
        object.__setattr__(self, "direction", _unit("direction", self.direction))

    def __call__(self, u):
        return -self.xi * (np.asarray(u) @ np.asarray(self.direction))


@dataclass(frozen=True)
class Cubic(Potential):
    """Cubic anisotropy ``U = sigma_c (a^2 b^2 + b^2 c^2 + c^2 a^2)`` in the crystal axes.

    ``axes`` (3x3, rows) default to x, y, z; ``sigma_c = K_1 v / kT`` (K_1 > 0:
    easy <100> axes).
    """

    sigma_c: float
    axes: tuple[tuple[float, float, float], ...] = ((1, 0, 0), (0, 1, 0), (0, 0, 1))

    def __post_init__(self):
        object.__setattr__(self, "sigma_c", _finite("sigma_c", self.sigma_c))
        axes = np.asarray(self.axes, dtype=float)
        if axes.shape != (3, 3) or not np.allclose(axes @ axes.T, np.eye(3), atol=1e-9):
            raise ParameterError(f"axes={self.axes!r} is not allowed: expected 3 orthonormal rows")
        object.__setattr__(self, "axes", tuple(map(tuple, axes)))

    def __call__(self, u):
        c = np.asarray(u) @ np.asarray(self.axes).T
        a2, b2, c2 = (c**2).T
        return self.sigma_c * (a2 * b2 + b2 * c2 + c2 * a2)


@dataclass(frozen=True)
class EasyPlane(Potential):
    """Easy-plane (shape) anisotropy ``U = +sigma_p (u.n)^2``."""

    sigma_p: float
    normal: tuple[float, float, float] = (0.0, 0.0, 1.0)

    def __post_init__(self):
        object.__setattr__(self, "sigma_p", _finite("sigma_p", self.sigma_p))
        object.__setattr__(self, "normal", _unit("normal", self.normal))

    def __call__(self, u):
        return self.sigma_p * (np.asarray(u) @ np.asarray(self.normal)) ** 2


@dataclass(frozen=True)
class Polarizer(Potential):
    """Linear potential ``kappa (u.p)`` about a polarizer ``p`` (kT).

    As ``chi`` it is the Slonczewski damping-like torque of constant efficiency:
    ``chi~ = -kappa (u.p)`` is ``Polarizer(-kappa, p)``; see docs/conventions.md section 3.
    """

    kappa: float
    direction: tuple[float, float, float] = (0.0, 0.0, 1.0)

    def __post_init__(self):
        object.__setattr__(self, "kappa", _finite("kappa", self.kappa))
        object.__setattr__(self, "direction", _unit("direction", self.direction))

    def __call__(self, u):
        return self.kappa * (np.asarray(u) @ np.asarray(self.direction))


@dataclass(frozen=True)
class Slonczewski(Potential):
    """Damping-like spin-transfer potential with Slonczewski's angular efficiency.

    The torque ``kappa g(x) u x (u x p)``, ``x = u.p``, with
    ``g(x) = 1 / (-4 + c (3 + x))``, ``c = (1 + P)^3 / (4 P^(3/2))`` (Slonczewski,
    J. Magn. Magn. Mater. 159, L1 (1996)), is ``grad chi`` with (docs/conventions.md section 3)

        chi(u) = -kappa (ln(c (3 + x) - 4) - ln(3 c - 4)) / c,

    zero at ``x = 0``.  ``kappa`` (kT) is the reduced current amplitude
    ``hbar I / (2 e alpha k T)`` (:func:`fpsphere.units.kappa` with ``eta = 1``);
    use it as ``chi=``.  ``P`` in (0, 1) is the spin polarization.
    """

    kappa: float
    polarization: float
    direction: tuple[float, float, float] = (0.0, 0.0, 1.0)

    def __post_init__(self):
        object.__setattr__(self, "kappa", _finite("kappa", self.kappa))
        pol = _finite("polarization", self.polarization)
        if not 0 < pol < 1:
            raise ParameterError(f"polarization={pol!r} is not allowed: expected 0 < P < 1 "
                                 "(at P = 1 the efficiency diverges at the antiparallel state)")
        object.__setattr__(self, "polarization", pol)
        object.__setattr__(self, "direction", _unit("direction", self.direction))

    @property
    def c(self) -> float:
        """``(1 + P)^3 / (4 P^(3/2))``."""
        return (1 + self.polarization) ** 3 / (4 * self.polarization**1.5)

    def efficiency(self, x: np.ndarray) -> np.ndarray:
        """Slonczewski's ``g(x)``, ``x = u.p``."""
        return 1.0 / (-4.0 + self.c * (3.0 + np.asarray(x)))

    def __call__(self, u):
        x = np.asarray(u) @ np.asarray(self.direction)
        c = self.c
        return -self.kappa * (np.log(c * (3.0 + x) - 4.0) - np.log(3.0 * c - 4.0)) / c


@dataclass(frozen=True)
class Custom(Potential):
    """A user callable ``f(u) -> (n,)`` in kT, wrapped as a term."""

    func: Callable[[np.ndarray], np.ndarray]
    name: str = field(default="custom")

    def __call__(self, u):
        return np.asarray(self.func(np.asarray(u, dtype=float)), dtype=float)

    def __repr__(self) -> str:
        return f"Custom({self.name})"


def as_potential(value, name: str) -> Potential:
    """``value`` as a :class:`Potential`: a term, a callable, a number or ``None`` (zero)."""
    if value is None:
        return Constant(0.0)
    if isinstance(value, Potential):
        return value
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return Constant(_finite(name, value))
    if callable(value):
        return Custom(value, name=getattr(value, "__name__", name))
    raise ParameterTypeError(
        f"{name} must be an fpsphere energy term, a callable f(u) -> values or None, "
        f"got {type(value).__name__}"
    )


def evaluate(potential: Potential, u: np.ndarray, name: str) -> np.ndarray:
    """Values of ``potential`` at ``u`` (n, 3), checked: shape (n,), all finite."""
    try:
        values = np.asarray(potential(u), dtype=float)
    except (TypeError, ValueError) as err:
        raise ParameterError(
            f"{name} could not be evaluated on (n, 3) unit vectors: {err}") from err
    n = u.shape[0]
    if values.shape != (n,):
        if values.shape == () or values.shape == (1,):
            values = np.broadcast_to(values.reshape(()), (n,)).copy()
        else:
            raise ParameterTypeError(
                f"{name} returned shape {values.shape} for {n} unit vectors; expected ({n},)")
    bad = ~np.isfinite(values)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ParameterError(f"{name} returned a non-finite value {values[k]} at u = "
                             f"{np.round(u[k], 6).tolist()} ({int(bad.sum())} such points)")
    return values
