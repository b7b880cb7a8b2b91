"""Energy terms (kT units) as composable dataclasses, and the registry of their tables.

Each term is a small frozen dataclass (see :mod:`fpsphere.energy`).  Next to each
term that a run configuration can name, a :class:`TermSpec` in
:data:`ENERGY_TERMS` says which keys its ``[energy.<name>]`` sub-table holds and
how they are read (SI inputs through :mod:`fpsphere.units`).  The configuration
reader, the command-line help and the documentation tables read that registry,
so a new term is this module only (plus its tests, and an exact gradient in
:mod:`fpsphere.llg`): the class, its name in ``__all__`` and one
``ENERGY_TERMS.register(...)``.

Readers see the table and the run context by duck typing
(:mod:`fpsphere.energy.reading`); this module does not import :mod:`fpsphere.config`.

Depends on :mod:`fpsphere.errors`, :mod:`fpsphere.registry`, :mod:`fpsphere.units`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from fpsphere import units
from fpsphere.energy.reading import (
    ContextLike,
    TableLike,
    amplitude,
    barrier,
    converted,
    one_of,
)
from fpsphere.errors import ConfigError, ParameterError, ParameterTypeError
from fpsphere.registry import Registry

__all__ = [
    "Potential", "Sum", "Constant", "Uniaxial", "Zeeman", "Cubic", "EasyPlane", "Polarizer",
    "Slonczewski",
    "Custom", "as_potential", "evaluate", "TermSpec", "ENERGY_TERMS",
]


def _unit(name: str, vector) -> tuple[float, float, float]:
    """``vector`` normalized (scaled by its largest entry first, so that no square
    overflows or underflows); 3 finite numbers, not all zero."""
    try:
        v = np.asarray(vector, dtype=float)
    except (TypeError, ValueError, OverflowError):
        v = np.full(0, np.nan)
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        raise ParameterError(f"{name}={vector!r} is not allowed: expected 3 finite numbers")
    scale = np.abs(v).max()
    if scale == 0:
        raise ParameterError(f"{name}={vector!r} is not allowed: expected a non-zero vector")
    v = v / scale
    return tuple(float(x) for x in v / np.linalg.norm(v))


def _finite(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterTypeError(f"{name} must be a real number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ParameterError(f"{name}={value!r} is not allowed: expected a finite number")
    return number


# ------------------------------------------------------------------ registry
#: ``read(table, ctx, terms)``: ``terms`` are the terms read before this one, by name.
Reader = Callable[[TableLike, ContextLike, Mapping[str, "Potential"]], "Potential"]


@dataclass(frozen=True)
class TermSpec:
    """An energy term a configuration names: the ``[energy.<name>]`` sub-table.

    Attributes
    ----------
    term : the :class:`Potential` class it builds.
    keys : the keys the sub-table may hold.
    read : ``read(table, ctx, terms) -> Potential``; ``terms`` holds the terms read
        before it (registration order), by name (a field in units of ``H_K`` needs
        the uniaxial barrier).
    doc : one line for help and documentation tables.
    alternatives : choices among key groups that say the same thing in other units,
        ``((("sigma",), ("K",)),)``: at most one group of a choice is given, and
        setting one drops the others (:func:`fpsphere.config.set_key`).
    """

    term: type
    keys: tuple[str, ...]
    read: Reader
    doc: str
    alternatives: tuple[tuple[tuple[str, ...], ...], ...] = ()


#: ``[energy]`` sub-table name -> :class:`TermSpec`, in the order terms are read and summed.
ENERGY_TERMS: Registry[TermSpec] = Registry("energy term")


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


def _read_uniaxial(t: TableLike, ctx: ContextLike, terms: Mapping[str, Potential]) -> Uniaxial:
    sigma = barrier(t, ctx, "sigma", "K", units.sigma, positive=True)
    return Uniaxial(sigma=sigma, axis=t.vector("axis", [0.0, 0.0, 1.0]))


ENERGY_TERMS.register("uniaxial", TermSpec(
    Uniaxial, ("sigma", "K", "axis"), _read_uniaxial,
    "`sigma` (kT) | `K` (J/m^3); `axis` (default z): U = -sigma (u.n)^2",
    ((("sigma",), ("K",)),)))


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


def _read_zeeman(t: TableLike, ctx: ContextLike, terms: Mapping[str, Potential]) -> Zeeman:
    form = one_of(t, {"xi": ("xi",), "h": ("h",), "H": ("H",), "mu0H": ("mu0H",)})
    value = amplitude(t, "xi") if form == "xi" else t.number(form)
    if form == "h":
        if "uniaxial" not in terms:
            raise ConfigError(f"{ctx.source}: {t.dotted('h')} is the field in units of H_K "
                              "and needs energy.uniaxial.sigma (or K)")
        sigma = terms["uniaxial"].sigma
        xi = converted(t, "h", lambda: 2.0 * sigma * value, "xi",
                       f"energy.uniaxial sigma = {sigma:g} kT")
    elif form in ("H", "mu0H"):
        device = ctx.device
        device.require(t.dotted(form), ctx.source, "Ms", "volume")
        field = value if form == "H" else value / units.MU_0
        xi = converted(t, form, lambda: units.xi(field, device.Ms, device.volume,
                                                 device.temperature), "xi",
                       f"device.Ms = {device.Ms:g} A/m, device.volume = {device.volume:g} m^3"
                       f" and device.temperature = {device.temperature:g} K")
    else:
        xi = value
    return Zeeman(xi=xi, direction=t.vector("direction", [0.0, 0.0, 1.0]))


ENERGY_TERMS.register("zeeman", TermSpec(
    Zeeman, ("xi", "h", "H", "mu0H", "direction"), _read_zeeman,
    "`xi` (kT) | `h` (H/H_K, needs `uniaxial`) | `H` (A/m) | `mu0H` (T); `direction` "
    "(default z): U = -xi (u.e_H)",
    ((("xi",), ("h",), ("H",), ("mu0H",)),)))


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
        try:
            axes = np.asarray(self.axes, dtype=float)
        except (TypeError, ValueError, OverflowError):
            axes = np.zeros(0)
        if (axes.shape != (3, 3) or not np.all(np.isfinite(axes))
                or np.abs(axes).max() > 2.0  # orthonormal rows have entries in [-1, 1]
                or not np.allclose(axes @ axes.T, np.eye(3), atol=1e-9)):
            raise ParameterError(f"axes={self.axes!r} is not allowed: expected 3 orthonormal rows")
        object.__setattr__(self, "axes", tuple(map(tuple, axes)))

    def __call__(self, u):
        c = np.asarray(u) @ np.asarray(self.axes).T
        a2, b2, c2 = (c**2).T
        return self.sigma_c * (a2 * b2 + b2 * c2 + c2 * a2)


def _read_cubic(t: TableLike, ctx: ContextLike, terms: Mapping[str, Potential]) -> Cubic:
    sigma_c = barrier(t, ctx, "sigma_c", "K1", units.sigma_cubic)
    axes = t.data.get("axes", [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    allowed = "3 orthonormal rows of 3 numbers (the cubic axes)"
    rows_ok = isinstance(axes, list | tuple) and all(
        isinstance(row, list | tuple) and all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in row)
        for row in axes)
    try:
        arr = np.asarray(axes, dtype=float) if rows_ok else np.zeros(0)
        ok = (rows_ok and arr.shape == (3, 3) and bool(np.all(np.isfinite(arr)))
              and np.allclose(arr @ arr.T, np.eye(3), atol=1e-9))
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise t.error("axes", axes, allowed)
    t.out["axes"] = arr.tolist()
    return Cubic(sigma_c=sigma_c, axes=tuple(map(tuple, arr)))


ENERGY_TERMS.register("cubic", TermSpec(
    Cubic, ("sigma_c", "K1", "axes"), _read_cubic,
    "`sigma_c` (kT) | `K1` (J/m^3); `axes` (3 orthonormal rows, default x, y, z): "
    "U = sigma_c (a^2 b^2 + b^2 c^2 + c^2 a^2)",
    ((("sigma_c",), ("K1",)),)))


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


def _read_easy_plane(t: TableLike, ctx: ContextLike,
                     terms: Mapping[str, Potential]) -> EasyPlane:
    if one_of(t, {"sigma_p": ("sigma_p",), "N_perp, N_par": ("N_perp", "N_par")}) == "sigma_p":
        sigma_p = amplitude(t, "sigma_p")
    else:
        device = ctx.device
        device.require(t.dotted("N_perp"), ctx.source, "Ms", "volume")
        n_perp = t.number("N_perp", low=0.0, high=1.0, strict=False)
        n_par = t.number("N_par", low=0.0, high=1.0, strict=False)
        sigma_p = converted(t, "N_perp", lambda: units.sigma_shape(
            device.Ms, n_perp, n_par, device.volume, device.temperature), "sigma_p",
            f"device.Ms = {device.Ms:g} A/m and device.volume = {device.volume:g} m^3")
    return EasyPlane(sigma_p=sigma_p, normal=t.vector("normal", [0.0, 0.0, 1.0]))


ENERGY_TERMS.register("easy_plane", TermSpec(
    EasyPlane, ("sigma_p", "N_perp", "N_par", "normal"), _read_easy_plane,
    "`sigma_p` (kT) | `N_perp` and `N_par` (demagnetizing factors, need `device.Ms`); "
    "`normal` (default z): U = +sigma_p (u.n)^2",
    ((("sigma_p",), ("N_perp", "N_par")),)))


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
