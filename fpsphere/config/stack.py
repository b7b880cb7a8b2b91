"""The ``[stack]`` table: a 1D multilayer for the spin-accumulation solver.

Conventions: docs/conventions.md, section 2.

Layers name a material of the built-in table (:func:`fpsphere.spin.material`) or
give its parameters inline; interfaces are transparent, looked up in the table
(``"tabulated"``: the Bass-Pratt values where a pair is known, transparent
elsewhere) or given.  :class:`StackSpec` holds validated :mod:`fpsphere.spin`
objects and builds the :class:`~fpsphere.spin.Stack`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fpsphere.config.reader import Table
from fpsphere.errors import ConfigError, ParameterError
from fpsphere.spin import Interface, Layer, Material, Stack, interface, material

__all__ = ["StackSpec", "read_stack"]

STACK_KEYS = ("layers", "interfaces", "current_density", "model", "points", "temperature")
LAYER_KEYS = ("material", "thickness", "thickness_nm", "angle", "angle_deg")
MATERIAL_KEYS = ("name", "resistivity", "beta", "lsf", "l_perp", "l_j")
INTERFACE_KEYS = ("resistance", "gamma")
#: ``stack.model`` -> (the :class:`~fpsphere.spin.Stack` method that solves it, whether
#: it needs collinear layers)
STACK_MODELS = {"two_channel": ("solve", True), "vector": ("solve_vector", False)}


@dataclass(frozen=True)
class StackSpec:
    """A validated multilayer and how to solve it.

    Attributes
    ----------
    layers : the layers along +x (the first and last are the leads).
    interfaces : one :class:`~fpsphere.spin.Interface` per neighbour pair.
    current_density : J0 (A/m^2), non-zero.
    model : ``"two_channel"`` (S-7 ... S-12) or ``"vector"`` (S-13 ... S-15).
    points : about how many grid nodes.
    """

    layers: tuple[Layer, ...]
    interfaces: tuple[Interface, ...]
    current_density: float
    model: str = "two_channel"
    points: int = 2000

    def build(self) -> Stack:
        """The :class:`~fpsphere.spin.Stack`."""
        return Stack(list(self.layers), list(self.interfaces))

    def solve(self):
        """Solve with :attr:`model`; returns the solution object of :mod:`fpsphere.spin`."""
        method, _ = STACK_MODELS[self.model]
        return getattr(self.build(), method)(self.current_density, self.points)


def _material(t: Table, temperature: str) -> Material:
    raw = t.data.get("material")
    if isinstance(raw, str):
        try:
            found = material(raw, temperature)
        except ParameterError as err:
            raise t.error("material", raw, str(err).split("expected ", 1)[-1]) from err
        t.out["material"] = raw
        return found
    if not isinstance(raw, dict):
        raise t.error("material", raw, "a material name of the built-in table (e.g. 'Cu') or "
                      f"a table with keys {list(MATERIAL_KEYS)}")
    m = Table(raw, t.dotted("material"), MATERIAL_KEYS, t.source)
    t.out["material"] = m.out
    name = m.string("name", allowed="a material name")
    try:
        return Material(name, resistivity=m.number("resistivity", low=0.0, unit="(Ohm m)"),
                        beta=m.number("beta", 0.0, low=-1.0, high=1.0),
                        lsf=_length(m, "lsf", math.inf), l_perp=_length(m, "l_perp", None),
                        l_j=_length(m, "l_j", None))
    except ParameterError as err:
        raise ConfigError(f"{t.source}: {t.dotted('material')}: {err}") from err


def _length(t: Table, key: str, default: float | None) -> float | None:
    value = t.data.get(key, default)
    if value == math.inf or value == "inf":
        t.out[key] = "inf"
        return math.inf
    return t.number(key, default, low=0.0, unit="(m, or \"inf\")")


def _layer(t: Table, temperature: str) -> Layer:
    if "material" not in t:
        raise t.missing("material", "a material name (e.g. 'Cu') or a table of parameters")
    mat = _material(t, temperature)
    form = t.exclusive("thickness", "thickness_nm")
    if form is None:
        raise t.missing("thickness", "the thickness in m (or thickness_nm in nm)")
    thickness = t.number(form, low=0.0) * (1e-9 if form == "thickness_nm" else 1.0)
    form = t.exclusive("angle", "angle_deg") or "angle"
    angle = t.number(form, 0.0)
    angle = math.radians(angle) if form == "angle_deg" else angle
    try:
        return Layer(mat, thickness, angle)
    except ParameterError as err:
        key = "thickness_nm" if "thickness_nm" in t else "thickness"
        raise t.error(key, t.data[key], str(err).split("expected ", 1)[-1]) from err


def _tabulated(left: str, right: str) -> Interface:
    """The tabulated interface of two materials, transparent when none is tabulated."""
    try:
        return interface(left, right)
    except ParameterError:
        return Interface()


#: The named interfaces of ``stack.interfaces``: ``(left, right material) -> Interface``.
NAMED_INTERFACES = {"transparent": lambda left, right: Interface(), "tabulated": _tabulated}


def _interfaces(t: Table, layers: tuple[Layer, ...]) -> tuple[Interface, ...]:
    raw = t.data.get("interfaces", "tabulated")
    n = len(layers) - 1
    entries = [raw] * n if isinstance(raw, str) else raw
    allowed = (f"'tabulated', 'transparent' or a list of {n} entries, each 'tabulated', "
               f"'transparent' or a table with keys {list(INTERFACE_KEYS)}")
    if not isinstance(entries, list) or len(entries) != n:
        raise t.error("interfaces", raw, allowed)
    out: list[Interface] = []
    normalized: list[object] = []
    for j, entry in enumerate(entries):
        left, right = layers[j].material.name, layers[j + 1].material.name
        if isinstance(entry, str) and entry in NAMED_INTERFACES:
            out.append(NAMED_INTERFACES[entry](left, right))
        elif isinstance(entry, dict):
            it = Table(entry, f"{t.dotted('interfaces')}[{j}]", INTERFACE_KEYS, t.source)
            out.append(Interface(it.number("resistance", 0.0, low=0.0, strict=False,
                                           unit="(Ohm m^2)"),
                                 it.number("gamma", 0.0, low=-1.0, high=1.0)))
            entry = it.out
        else:
            raise t.error("interfaces", raw, allowed)
        normalized.append(entry)
    t.out["interfaces"] = raw if isinstance(raw, str) else normalized
    return tuple(out)


def read_stack(t: Table) -> StackSpec:
    """``[stack]``: ``layers`` (array of tables), ``interfaces``, ``current_density``,
    ``model``, ``points``, ``temperature``."""
    temperature = t.choice("temperature", ["low", "room"], "low")
    raw = t.data.get("layers")
    if not isinstance(raw, list) or len(raw) < 2:
        raise (t.missing("layers", "at least two [[stack.layers]] tables") if raw is None else
               t.error("layers", raw, "at least two [[stack.layers]] tables (the leads)"))
    layers = []
    t.out["layers"] = []
    for i, entry in enumerate(raw):
        lt = Table(entry, f"{t.dotted('layers')}[{i}]", LAYER_KEYS, t.source)
        layers.append(_layer(lt, temperature))
        t.out["layers"].append(lt.out)
    layers = tuple(layers)
    interfaces = _interfaces(t, layers)
    model = t.choice("model", list(STACK_MODELS), "two_channel")
    if STACK_MODELS[model][1]:  # collinear layers only
        for i, layer in enumerate(layers):
            if abs(abs(math.cos(layer.angle)) - 1.0) > 1e-12:
                raise ConfigError(f"{t.source}: {t.dotted('layers')}[{i}] has angle "
                                  f"{layer.angle:g} rad, not allowed with stack.model = "
                                  "'two_channel': expected 0 or pi (use model = 'vector')")
    j0 = t.number("current_density", 1e10, unit="(A/m^2)")
    if j0 == 0:
        raise t.error("current_density", j0, "a non-zero current density (A/m^2)")
    try:
        Stack(list(layers), list(interfaces))
    except ParameterError as err:
        raise ConfigError(f"{t.source}: stack: {err}") from err
    return StackSpec(layers, interfaces, j0, model, t.integer("points", 2000, low=20))
