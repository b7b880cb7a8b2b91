"""Broken configurations and arguments end in our own errors, never in a traceback.

Property-based (Hypothesis): valid starting points (the built-in ``default.toml``,
the example configurations, small dicts) are mutated one key at a time (a wrong
type, NaN or inf, 1e300, 1e-320, -1, 0, a huge integer, a string, a list, a
table, an unknown key, a missing key) and given to :func:`fpsphere.config.parse`.
Each one either parses or raises :class:`~fpsphere.errors.FpsphereError` whose
message names the key (or its table); any other exception fails the test.  The
same for the public constructors (``FokkerPlanck``, the energy terms,
``icosphere``, ``latlon``) with broken arguments.  Nothing is built or solved:
configurations are only parsed, and meshes stay tiny.

Known gaps in modules outside the configuration readers are listed in
:data:`KNOWN_GAPS` and kept out of the strategies (not skipped): each entry says
which input fails where.
"""

from __future__ import annotations

import copy
import math
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fpsphere as fp
from fpsphere import config
from fpsphere.errors import FpsphereError
from fpsphere.mesh.icosphere import MAX_LEVEL, icosphere_cells, size_problem

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples" / "configs").glob("*.toml")
                  if "sweep" not in tomllib.loads(p.read_text()))

SMALL = [
    {"mesh": {"level": 2}, "dynamics": {"alpha": 0.1}, "energy": {"uniaxial": {"sigma": 5.0}}},
    {"mesh": {"kind": "latlon", "n_rings": 6}, "dynamics": {"alpha": 0.05},
     "device": {"Ms": 1e6, "volume": 1e-24, "temperature": 300.0},
     "energy": {"uniaxial": {"K": 1e5}, "zeeman": {"mu0H": 0.05, "direction": [1, 0, 1]},
                "cubic": {"K1": -1e4}, "easy_plane": {"N_perp": 0.8, "N_par": 0.1}},
     "spin_transfer": {"current": 1e-6, "eta": 0.5, "field_like_ratio": 0.2}},
    {"mesh": {"level": 1}, "dynamics": {"alpha": 0.2},
     "energy": {"uniaxial": {"sigma": 10.0}, "zeeman": {"h": 0.3}},
     "spin_transfer": {"kappa": 2.0, "slonczewski_polarization": 0.4, "field_like": 1.0},
     "evolve": {"times": [0.5, 1.0]},
     "protocol": {"segments": [{"duration": 0.6, "kappa": 4.0}, {"duration": 0.6}]}},
    {"mesh": {"level": 2}, "dynamics": {"alpha": 0.1},
     "device": {"Ms": 8e5, "volume": 2e-24},
     "energy": {"uniaxial": {"sigma": 8.0}},
     "evolve": {"times_s": [1e-9, 2e-9]}},
]

CELL = {  # an MRAM cell study (docs/how-to/mram.md)
    "cell": {"Ms": 1.257e6, "Ku": 1.81e5, "alpha": 0.027, "temperature": 358.0,
             "diameter": 40e-9, "thickness": 1.3e-9, "bias_field": [0.0, 0.0, 2e3],
             "torque": {"kind": "stt", "efficiency": 0.6}},
    "study": {"kind": "mram", "write_currents": [1.2e-4, 1.6e-4],
              "write_durations": [2e-9, 5e-9], "read_current": 20e-6, "read_duration": 5e-9,
              "wer_target": 1e-9, "frames": 20},
}
SOT = {"cell": {"Ms": 1.1e6, "Ku": 1.0e5, "alpha": 0.01, "temperature": 300.0,
                "volume": 2e-24, "bias_field": 1e3,
                "torque": {"kind": "sot", "spin_hall_angle": 0.3,
                           "heavy_metal_thickness": 5e-9, "width": 50e-9}},
       "study": {"kind": "mram", "write_currents": [1e-3], "write_durations": [1e-9]}}
SMALL += [CELL, SOT]

BASES = [tomllib.loads(p.read_text()) for p in EXAMPLES] + [config.default_toml()[0], *SMALL]

#: Inputs that still end in a foreign exception, in modules the configuration
#: readers do not own; the strategies below leave them out (see each reason).
KNOWN_GAPS: dict[str, str] = {}
#: Configuration keys (dotted paths) the mutations keep valid because of a known gap
#: elsewhere (none today: every broken configuration ends in a ConfigError).
CONFIG_GAPS: tuple[tuple[str, ...], ...] = ()

NAN, INF = float("nan"), float("inf")
BAD_SCALARS = [
    None, NAN, INF, -INF, 1e300, -1e300, 1e-320, -1e-320, 1e-300, -1.0, -1, 0, 0.0, 1,
    10**30, -10**30, 2**63, 10**400, True, False, "", "abc", "1e3", "inf", "nan",
    [], [1, 2], [1e300, 1e300, 0], [NAN, 0, 0], [0, 0, 0], ["a", "b", "c"], [10**400, 0, 0],
    {}, {"x": 1}, [{}], [{"material": "Cu"}], 0.5, 2.5, 7, 1e6, 1e-12,
]


def _paths(node, prefix=()):
    """Every (path, value) below ``node``: tables, their keys and list items."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key), value
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, dict | list):
                yield (*prefix, i), value
                yield from _paths(value, (*prefix, i))


def _parent(data, path):
    node = data
    for part in path[:-1]:
        node = node[part]
    return node


def _mutate(draw, data):
    """Break one key of ``data`` in place; returns (path, operation)."""
    paths = [p for p, _ in _paths(data)]
    if not paths:
        return (), "none"
    path = draw(st.sampled_from(paths))
    operation = draw(st.sampled_from(["replace", "replace", "replace", "delete", "unknown",
                                      "nested"]))
    parent = _parent(data, path)
    if operation == "delete":
        if isinstance(parent, list):
            parent.pop(path[-1])
        else:
            del parent[path[-1]]
    elif operation == "unknown":
        target = parent[path[-1]]
        if isinstance(target, dict):
            target[draw(st.sampled_from(["sigmaa", "Level", "kapa", "x", "1", "alpha "]))] = 1.0
        else:
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(BAD_SCALARS)))
    elif operation == "nested":
        parent[path[-1]] = {"value": copy.deepcopy(draw(st.sampled_from(BAD_SCALARS)))}
    else:
        parent[path[-1]] = copy.deepcopy(draw(st.one_of(st.sampled_from(BAD_SCALARS),
                                          st.floats(allow_nan=True, allow_infinity=True),
                                          st.integers(min_value=-2**70, max_value=2**70),
                                          st.text(max_size=5))))
    if operation != "delete" and tuple(map(str, path)) in CONFIG_GAPS:
        parent[path[-1]] = 1.0  # a known gap elsewhere: keep this key valid
    return path, operation


@st.composite
def broken_configs(draw):
    """(data, paths, operations): a valid base with one to three keys broken."""
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    done = [_mutate(draw, data) for _ in range(draw(st.integers(1, 3)))]
    return data, tuple(p for p, _ in done), tuple(o for _, o in done)


def _names_the_key(message: str, paths: tuple) -> bool:
    """The message names a key or table of one of the broken paths (list items are
    named ``layers[1]``)."""
    words = {str(p) for path in paths for p in path if not isinstance(p, int)}
    return any(w in message for w in words)


@settings(max_examples=2000, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(broken_configs())
def test_broken_configs_end_in_our_error_naming_the_key(case):
    data, paths, operations = case
    try:
        config.parse(data, "broken.toml")
    except FpsphereError as err:
        message = str(err)
        assert "broken.toml" in message, message
        deleted = "delete" in operations and "is missing" in message  # names what is missing
        assert deleted or _names_the_key(message, paths), (paths, operations, message)
    # any other exception propagates and fails the test, with the input shown


# ----------------------------------------------------------------------- API
MESH = fp.icosphere(1)
BAD_NUMBERS = [None, NAN, INF, -INF, 1e300, -1e300, 1e-320, 0, 0.0, -1, 10**400, True, "x",
               [], [1.0], np.float64(NAN), np.int64(3), 1j, object()]
BAD_VECTORS = [None, [1e300, 1e300, 0], [0, 0, 0], [NAN, 0, 1], [1, 2], "abc", [10**400, 0, 0],
               [[1, 0, 0]], [True, False, True], [1e-320, 0, 0], np.zeros(3), (1, "a", 0)]
numbers = st.one_of(st.sampled_from(BAD_NUMBERS), st.floats(), st.integers(-2**70, 2**70))
vectors = st.one_of(st.sampled_from(BAD_VECTORS), st.lists(numbers, min_size=0, max_size=4))


def _ours(call, *names):
    try:
        return call()
    except FpsphereError as err:
        assert any(n in str(err) for n in names), (names, str(err))
        return None


@settings(max_examples=300, deadline=None, database=None)
@given(sigma=numbers, axis=vectors, xi=numbers, direction=vectors)
def test_broken_terms_end_in_our_error(sigma, axis, xi, direction):
    _ours(lambda: fp.Uniaxial(sigma, axis), "sigma", "axis")
    _ours(lambda: fp.Zeeman(xi, direction), "xi", "direction")
    _ours(lambda: fp.Cubic(sigma, [axis, direction, axis]), "sigma_c", "axes")
    _ours(lambda: fp.EasyPlane(sigma, direction), "sigma_p", "normal")
    _ours(lambda: fp.Polarizer(xi, axis), "kappa", "direction")
    _ours(lambda: fp.Slonczewski(sigma, xi, direction), "kappa", "polarization", "direction")


def _int(x, low: int) -> bool:
    return isinstance(x, int | np.integer) and not isinstance(x, bool) and x >= low


@settings(max_examples=200, deadline=None, database=None)
@given(level=numbers, lloyd=numbers, rings=numbers, per_ring=numbers, axis=vectors)
def test_broken_mesh_sizes_end_in_our_error_before_allocating(level, lloyd, rings, per_ring,
                                                              axis):
    """A size beyond the limits is refused at once (our error, naming the argument); a
    valid size is built only when tiny (a valid large mesh is not this test's business)."""
    valid = (_int(level, 0) and level <= MAX_LEVEL and _int(lloyd, 0)
             and size_problem(icosphere_cells(level), lloyd) is None)
    if not valid:
        assert _ours(lambda: fp.icosphere(level, lloyd=lloyd, cache=False),
                     "level", "lloyd") is None
    elif level <= 2 and lloyd <= 3:
        assert fp.icosphere(level, lloyd=lloyd, cache=False).n_cells == 10 * 4**level + 2
    per = rings if per_ring is None else per_ring  # None: as many as rings
    valid = _int(rings, 2) and _int(per, 3) and size_problem(int(rings) * int(per) + 2) is None
    if not valid:
        assert _ours(lambda: fp.latlon(rings, per_ring, (0, 0, 1)),
                     "n_rings", "n_per_ring") is None
    elif rings <= 12 and per <= 12:
        _ours(lambda: fp.latlon(rings, per_ring, axis), "axis")


@settings(max_examples=300, deadline=None, database=None)
@given(alpha=numbers, sigma=numbers)
def test_broken_model_arguments_end_in_our_error(alpha, sigma):
    energy = fp.Uniaxial(5.0) if not isinstance(sigma, float) or not math.isfinite(sigma) \
        or abs(sigma) > 1e6 else fp.Uniaxial(sigma)
    _ours(lambda: fp.FokkerPlanck(MESH, energy, alpha=alpha), "alpha", "energy")


# ------------------------------------------------------------ named examples
@pytest.mark.parametrize("key, value, fragment", [
    ("dynamics.alpha", 1e-320, "dynamics.alpha = 1e-320"),
    ("dynamics.alpha", 1e-300, "dynamics.alpha = 1e-300"),
    ("device.temperature", 1e-300, "device.temperature = 1e-300"),
    ("device.volume", 1e300, "device.volume = 1e+300"),
    ("mesh.level", 10, "mesh.level = 10"),
    ("mesh.lloyd", 10**6, "mesh.lloyd = 1000000"),
    ("energy.uniaxial.sigma", 10**400, "energy.uniaxial.sigma"),
])
def test_issue_examples_are_refused_with_the_key(key, value, fragment):
    data = config.default().data
    config.set_key(data, key, value)
    with pytest.raises(FpsphereError) as info:
        config.parse(data, "cfg.toml")
    assert fragment in str(info.value) and "cfg.toml" in str(info.value), str(info.value)


def test_issue_examples_with_messages():
    base = {"mesh": {"level": 2}, "dynamics": {"alpha": 0.1}}

    def fails(extra, *fragments):
        with pytest.raises(FpsphereError) as info:
            config.parse({**base, **extra}, "cfg.toml")
        for fragment in fragments:
            assert fragment in str(info.value), str(info.value)
        return str(info.value)

    text = fails({"device": {"volume": 1e-24}, "energy": {"uniaxial": {"K": -1}}},
                 "energy.uniaxial.K = -1", "a finite number > 0")
    assert text.count("is not allowed") == 1  # said once
    fails({"mesh": {"kind": "latlon", "n_rings": 10**30}}, "mesh.n_rings", "cells need about",
          "GB", "at most 2,621,442 cells")
    fails({"mesh": {"level": 5, "lloyd": 10**6}}, "mesh.lloyd", "Lloyd iterations", "s;")
    fails({"device": {"volume": 1e-24, "Ms": 1e6}, "energy": {"zeeman": {"H": 1e300}}},
          "energy.zeeman.H = 1e+300", "xi")
    stack = tomllib.loads((ROOT / "examples" / "configs" / "stack_spin_valve.toml").read_text())
    stack["spin_transfer"]["diameter"] = 1e300
    fails(stack, "spin_transfer.diameter = 1e+300")
    # a direction of huge components keeps its direction
    cfg = config.parse({**base, "energy": {"zeeman": {"xi": 1.0,
                                                      "direction": [1e300, 1e300, 0]}}})
    assert cfg.energy.terms[0].direction == pytest.approx((2**-0.5, 2**-0.5, 0.0))
