"""Materials and interfaces of a 1D spin-transport stack (docs/conventions.md §2).

Parameters follow the Valet–Fert (1993) convention: a layer has the resistivity
``ρ*`` with channel resistivities ``ρ↑,↓ = 2ρ*(1 ∓ β)``, i.e. channel
conductivities ``σ↑,↓ = σ₀(1 ± β)`` with ``σ₀ = 1 / (2ρ*(1 - β²))``; its plain
(spin-averaged) resistivity is ``ρ = ρ*(1 - β²)``. An interface has the
resistance–area product ``AR*`` and asymmetry ``γ`` with ``r↑,↓ = 2AR*(1 ∓ γ)``.
The signs of ``β`` and ``γ`` refer to the magnetization of the ferromagnetic
layer (``β > 0``: majority ↑ electrons conduct better).

The built-in table (:data:`MATERIALS`, :data:`INTERFACES`) holds representative
published values; every entry names its source. Parameters depend strongly on
purity and deposition: check the source before a quantitative fit.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from fpsphere.errors import ParameterError, ParameterTypeError

__all__ = [
    "INTERFACES",
    "MATERIALS",
    "Interface",
    "Material",
    "interface",
    "known_materials",
    "material",
]


def check_real(name: str, value: object, *, low: float = -math.inf, high: float = math.inf,
               open_low: bool = True, open_high: bool = True, allow_inf: bool = False) -> float:
    """Return ``value`` as float after checking type, NaN and range.

    Raises :class:`ParameterTypeError` for non-numbers and :class:`ParameterError`
    naming ``name``, the value and the allowed range otherwise.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) and not hasattr(
        value, "__float__"
    ):
        raise ParameterTypeError(f"{name}={value!r} is not allowed: expected a real number")
    x = float(value)
    lo = "(" if open_low else "["
    hi = ")" if open_high else "]"
    allowed = f"a real number in {lo}{low:g}, {high:g}{hi}"
    if math.isnan(x) or (math.isinf(x) and not allow_inf):
        raise ParameterError(f"{name}={value!r} is not allowed: expected {allowed}"
                             + (", finite" if not allow_inf else ""))
    too_low = x <= low if open_low else x < low
    too_high = (x >= high if open_high else x > high) and not (allow_inf and x == math.inf)
    if too_low or too_high:
        raise ParameterError(f"{name}={value!r} is not allowed: expected {allowed}")
    return x


def _optional_length(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    return check_real(name, value, low=0.0, allow_inf=True)


@dataclass(frozen=True)
class Material:
    """Bulk spin-transport parameters of one metal (SI units).

    Parameters
    ----------
    name : str
        Label used in messages and plots.
    resistivity : float
        ``ρ*`` (Ω·m), Valet–Fert: ``ρ↑,↓ = 2ρ*(1 ∓ β)``.
    beta : float
        Bulk spin asymmetry ``β`` in ``(-1, 1)``; 0 for a normal metal.
    lsf : float
        Spin-diffusion length ``l_sf`` (m), > 0; ``inf`` means no spin flip. Enters
        ``Δμ'' = Δμ / l_sf²`` (S-11).
    l_perp : float or None
        Transverse dephasing length ``l_⊥`` (m) of the transverse accumulation
        (S-13 … S-15, ``L_⊥``); ``None`` means no dephasing beyond ``l_sf``.
    l_j : float or None
        Exchange (precession) length ``l_J`` (m) of the Zhang–Levy–Fert vector
        model; ``None`` means no precession. Only used in ferromagnets.
    source : str
        Where the numbers come from.
    """

    name: str
    resistivity: float
    beta: float = 0.0
    lsf: float = math.inf
    l_perp: float | None = None
    l_j: float | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ParameterTypeError(f"name={self.name!r} is not allowed: expected a non-empty str")
        set_ = object.__setattr__
        set_(self, "resistivity", check_real("resistivity", self.resistivity, low=0.0))
        set_(self, "beta", check_real("beta", self.beta, low=-1.0, high=1.0))
        set_(self, "lsf", check_real("lsf", self.lsf, low=0.0, allow_inf=True))
        set_(self, "l_perp", _optional_length("l_perp", self.l_perp))
        set_(self, "l_j", _optional_length("l_j", self.l_j))

    @property
    def ferromagnetic(self) -> bool:
        """True when the bulk spin asymmetry ``β`` is non-zero."""
        return self.beta != 0.0

    @property
    def sigma0(self) -> float:
        """``σ₀ = 1 / (2ρ*(1 - β²))`` (S/m), so that ``σ↑,↓ = σ₀(1 ± β)``."""
        return 1.0 / (2.0 * self.resistivity * (1.0 - self.beta**2))

    @property
    def plain_resistivity(self) -> float:
        """Spin-averaged resistivity ``ρ*(1 - β²) = 1/(σ↑ + σ↓)`` (Ω·m)."""
        return self.resistivity * (1.0 - self.beta**2)

    def replace(self, **changes: object) -> Material:
        """Return a copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Interface:
    """Spin-dependent interface resistance ``r↑,↓ = 2AR*(1 ∓ γ)`` (Valet–Fert).

    Parameters
    ----------
    resistance : float
        ``AR*`` (Ω·m²), ≥ 0; 0 is a transparent interface (continuous potentials).
    gamma : float
        Interface asymmetry ``γ`` in ``(-1, 1)``, relative to the magnetization of
        the ferromagnetic neighbour (the left one if both are ferromagnetic).
    source : str
        Where the numbers come from.
    """

    resistance: float = 0.0
    gamma: float = 0.0
    source: str = ""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "resistance", check_real("resistance", self.resistance, low=0.0,
                                            open_low=False))
        set_(self, "gamma", check_real("gamma", self.gamma, low=-1.0, high=1.0))

    @property
    def transparent(self) -> bool:
        """True for ``AR* = 0`` (potentials continuous across the interface)."""
        return self.resistance == 0.0

    @property
    def plain_resistance(self) -> float:
        """Spin-averaged resistance ``AR*(1 - γ²) = (1/r↑ + 1/r↓)⁻¹`` (Ω·m²)."""
        return self.resistance * (1.0 - self.gamma**2)


_NM = 1e-9
_NOHM = 1e-9  # nΩ·m
_FOHM = 1e-15  # fΩ·m²
_BP07 = "Bass & Pratt, J. Phys.: Condens. Matter 19, 183201 (2007)"
_BP99 = "Bass & Pratt, J. Magn. Magn. Mater. 200, 274 (1999)"


def _ferro(name: str, rho: float, beta: float, lsf: float, source: str) -> Material:
    """A table entry from the measured plain resistivity ``ρ = ρ*(1 - β²)``."""
    return Material(name, resistivity=rho / (1.0 - beta**2), beta=beta, lsf=lsf, source=source)


# (name, temperature) -> Material; "low" is 4.2 K, "room" about 295 K.
MATERIALS: dict[tuple[str, str], Material] = {
    ("Co", "low"): _ferro("Co", 60 * _NOHM, 0.46, 59 * _NM,
                          f"{_BP07}; lsf: Piraux et al., Eur. Phys. J. B 4, 413 (1998)"),
    ("Fe", "low"): _ferro("Fe", 50 * _NOHM, 0.45, 8.5 * _NM, f"{_BP07} (approximate)"),
    ("Ni", "low"): _ferro("Ni", 33 * _NOHM, 0.14, 21 * _NM,
                          f"Moreau et al., Appl. Phys. Lett. 90, 012101 (2007); {_BP07}"),
    ("Py", "low"): _ferro("Py", 123 * _NOHM, 0.73, 5.5 * _NM,
                          f"{_BP07}; lsf: Dubois et al., Phys. Rev. B 60, 477 (1999)"),
    ("CoFe", "low"): _ferro("CoFe", 70 * _NOHM, 0.65, 12 * _NM,
                            f"Co91Fe9: Reilly et al., J. Magn. Magn. Mater. 195, L269 (1999); "
                            f"{_BP07}"),
    ("Cu", "low"): Material("Cu", 6 * _NOHM, 0.0, 500 * _NM, source=f"sputtered Cu, {_BP07}"),
    ("Ag", "low"): Material("Ag", 10 * _NOHM, 0.0, 500 * _NM, source=f"sputtered Ag, {_BP07}"),
    ("Au", "low"): Material("Au", 20 * _NOHM, 0.0, 35 * _NM, source=f"sputtered Au, {_BP07}"),
    ("Pt", "low"): Material("Pt", 42 * _NOHM, 0.0, 14 * _NM,
                            source=f"Kurt et al., Appl. Phys. Lett. 81, 4787 (2002); {_BP07}"),
    ("Ta", "low"): Material("Ta", 1800 * _NOHM, 0.0, 2.7 * _NM,
                            source="Morota et al., Phys. Rev. B 83, 174405 (2011) (approximate)"),
    ("Cu", "room"): Material("Cu", 17 * _NOHM, 0.0, 350 * _NM,
                             source="Jedema et al., Nature 410, 345 (2001)"),
    ("Py", "room"): _ferro("Py", 150 * _NOHM, 0.7, 4.3 * _NM,
                           "approximate room-temperature values, cf. "
                           "Kimura et al., Phys. Rev. B 72, 014461 (2005)"),
}

# Unordered pair of names -> Interface at 4.2 K.
INTERFACES: dict[frozenset[str], Interface] = {
    frozenset({"Co", "Cu"}): Interface(0.51 * _FOHM, 0.77, _BP07),
    frozenset({"Py", "Cu"}): Interface(0.50 * _FOHM, 0.70, _BP07),
    frozenset({"Ni", "Cu"}): Interface(0.18 * _FOHM, 0.30, "Moreau et al. (2007)"),
    frozenset({"CoFe", "Cu"}): Interface(0.50 * _FOHM, 0.70, f"Reilly et al. (1999); {_BP07}"),
    frozenset({"Co", "Ag"}): Interface(0.55 * _FOHM, 0.85, _BP99),
}


def known_materials(temperature: str = "low") -> list[str]:
    """Names in the built-in table at ``temperature`` ("low" or "room")."""
    return sorted(name for name, temp in MATERIALS if temp == temperature)


def material(name: str, temperature: str = "low") -> Material:
    """Look up a material of the built-in table (case-insensitive name).

    Parameters
    ----------
    name : str
        For example ``"Cu"``, ``"Py"`` (Ni₈₀Fe₂₀), ``"CoFe"``.
    temperature : {"low", "room"}
        4.2 K values (all entries) or room-temperature values where known.

    Raises
    ------
    ParameterError
        Unknown name or temperature; the message lists the known ones.
    """
    if temperature not in ("low", "room"):
        raise ParameterError(f"temperature={temperature!r} is not allowed: "
                             "expected 'low' or 'room'")
    lookup = {n.lower(): n for n in known_materials(temperature)}
    key = lookup.get(str(name).lower())
    if key is None:
        raise ParameterError(f"name={name!r} is not a known material at temperature="
                             f"{temperature!r}: expected one of {known_materials(temperature)}")
    return MATERIALS[(key, temperature)]


def interface(left: str, right: str) -> Interface:
    """Look up the interface parameters between two table materials.

    Raises
    ------
    ParameterError
        When the pair is not tabulated; the message lists the tabulated pairs.
    """
    found = INTERFACES.get(frozenset({str(left), str(right)}))
    if found is None:
        pairs = sorted("/".join(sorted(p)) for p in INTERFACES)
        raise ParameterError(f"interface {left!r}/{right!r} is not tabulated: "
                             f"expected one of {pairs}")
    return found
