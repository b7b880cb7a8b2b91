"""Sweep descriptions: axes, ranges, modes, point keys, and the errors for bad ones."""

import math

import pytest

from fpsphere.errors import ConfigError
from fpsphere.sweep import (
    Axis,
    Sweep,
    axes_from_mapping,
    linear,
    logarithmic,
    parse_axis,
    point_key,
    stepped,
)
from tests.sweep.helpers import polynomial


def test_ranges_include_both_ends():
    assert linear("a", 0, 1, 3).values == (0.0, 0.5, 1.0)
    assert logarithmic("a", 1e-2, 1e2, 5).values == pytest.approx((1e-2, 1e-1, 1.0, 10.0, 100.0))
    assert stepped("a", 0, 90, 15).values == (0, 15, 30, 45, 60, 75, 90)
    assert stepped("a", 0.0, 0.3, 0.1).values == pytest.approx((0.0, 0.1, 0.2, 0.3))
    assert stepped("a", 1.0, 0.0, -0.5).values == (1.0, 0.5, 0.0)


def test_integers_stay_integers():
    assert Axis("mesh.level", [3, 4]).values == (3, 4)
    assert all(isinstance(v, int) for v in stepped("mesh.level", 3, 5, 1).values)
    assert all(isinstance(v, float) for v in linear("a", 0, 2, 3).values)


def test_toml_forms_and_flattening_of_bare_dotted_keys():
    axes = axes_from_mapping({
        "energy.uniaxial.sigma": [0, 2, 4],
        "dynamics": {"alpha": {"start": 0.01, "stop": 1.0, "num": 3, "scale": "log"}},
        "field.angle": {"start": 0, "stop": 30, "step": 15},
    })
    assert [a.key for a in axes] == ["energy.uniaxial.sigma", "dynamics.alpha", "field.angle"]
    assert axes[1].values == pytest.approx((0.01, 0.1, 1.0))
    assert axes[2].values == (0, 15, 30)


def test_product_is_c_ordered_and_zip_pairs_values():
    a, b = Axis("a", (1, 2)), Axis("b", (10.0, 20.0, 30.0))
    product = Sweep([a, b], polynomial)
    assert product.shape == (2, 3) and len(product) == 6
    assert [p.params for p in product.points()[:2]] == [{"a": 1, "b": 10.0}, {"a": 1, "b": 20.0}]
    zipped = Sweep([Axis("a", (1, 2, 3)), b], polynomial, mode="zip")
    assert [p.params["a"] for p in zipped.points()] == [1, 2, 3]
    assert [p.index for p in zipped.points()] == [0, 1, 2]


def test_point_key_is_stable():
    key = point_key({"a": 1, "b": 0.5}, "ctx")
    assert key == point_key({"b": 0.5, "a": 1.0}, "ctx")
    assert key != point_key({"a": 1, "b": 0.5000000001}, "ctx")
    assert key != point_key({"a": 1, "b": 0.5}, "other")
    assert len(key) == 16 and int(key, 16) >= 0


def test_group_by_one_key_as_a_string():
    sweep = Sweep([Axis("a", (1, 2)), Axis("b", (3,))], polynomial, group_by="a")
    assert sweep.group_by == ("a",) and sweep.group_of({"a": 2, "b": 3}) == {"a": 2}


def test_default_context_is_the_compute_name():
    assert Sweep([Axis("x", (1,))], polynomial).context == "tests.sweep.helpers.polynomial"


BAD_AXES = [
    # (axis spec, words the message must hold)
    ([], ["dynamics.alpha", "empty", "at least one"]),
    (["a", 1], ["dynamics.alpha[0]", "'a'", "finite real number"]),
    ([True, 2], ["dynamics.alpha[0]", "True", "finite real number"]),
    ([1.0, math.nan], ["dynamics.alpha[1]", "nan", "finite"]),
    ([[1, 2]], ["dynamics.alpha[0]", "[1, 2]", "real number"]),
    ("0.1", ["dynamics.alpha", "'0.1'", "list of numbers"]),
    ([0.1, 0.1], ["dynamics.alpha", "repeats", "distinct"]),
    ({"start": 0, "stop": 1, "num": 3, "scale": "log"}, ["dynamics.alpha.start", "0", "> 0"]),
    ({"start": 1, "stop": -1, "num": 3, "scale": "log"}, ["dynamics.alpha.stop", "-1", "> 0"]),
    ({"start": 0, "stop": 1, "num": 0}, ["dynamics.alpha.num", "0", "[1, "]),
    ({"start": 0, "stop": 1, "num": 2.5}, ["dynamics.alpha.num", "2.5", "integer"]),
    ({"start": 0, "stop": 1, "step": 0}, ["dynamics.alpha.step", "0", "non-zero"]),
    ({"start": 0, "stop": 1, "step": -0.1}, ["dynamics.alpha.step", "-0.1", "towards stop"]),
    ({"start": 0, "stop": 1, "step": 1e-9}, ["dynamics.alpha.step", "1e-09", "at most"]),
    ({"start": 0, "stop": 1}, ["dynamics.alpha", "num or step"]),
    ({"start": 0, "stop": 1, "num": 3, "step": 1}, ["dynamics.alpha", "exactly one"]),
    ({"start": 0, "stop": 1, "num": 3, "scale": "cubic"}, ["dynamics.alpha.scale", "'cubic'",
                                                           "'log'"]),
    ({"start": "a", "stop": 1, "num": 3}, ["dynamics.alpha.start", "'a'", "real number"]),
]


@pytest.mark.parametrize(("spec", "words"), BAD_AXES)
def test_bad_axis_names_key_value_and_allowed(spec, words):
    with pytest.raises(ConfigError) as info:
        parse_axis("dynamics.alpha", spec)
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def test_unknown_range_field_is_listed():
    with pytest.raises(ConfigError, match=r"unknown field\(s\) \['stpo'\].*allowed"):
        parse_axis("a", {"start": 0, "stpo": 1, "num": 3})


def test_zip_axes_of_unequal_length():
    with pytest.raises(ConfigError, match=r"unequal lengths \{'a': 2, 'b': 3\}.*mode='zip'"):
        Sweep([Axis("a", (1, 2)), Axis("b", (1, 2, 3))], polynomial, mode="zip")


def test_unknown_parameter_suggests_the_nearest():
    with pytest.raises(ConfigError, match=r"unknown parameter 'dynamics.alfa'.*"
                                          r"did you mean \['dynamics.alpha'\].*allowed"):
        Sweep([Axis("dynamics.alfa", (1,))], polynomial,
              parameters={"dynamics.alpha", "energy.uniaxial.sigma"})


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"mode": "grid"}, r"sweep.mode='grid'.*\['product', 'zip'\]"),
    ({"chunk_size": 0}, r"sweep.chunk_size=0.*>= 1"),
    ({"compute": 3}, r"compute=3 is not callable"),
    ({"axes": []}, r"sweep.axes is empty"),
    ({"axes": [Axis("a", (1,)), Axis("a", (2,))]}, r"repeats \['a'\]"),
    ({"axes": [("a", (1,))]}, r"expected Axis objects"),
    ({"group_by": ("mesh.level",)}, r"sweep.group_by: unknown parameter 'mesh.level'.*\['a'\]"),
])
def test_bad_sweep_options(kwargs, match):
    options = {"axes": [Axis("a", (1, 2))], "compute": polynomial, **kwargs}
    with pytest.raises(ConfigError, match=match):
        Sweep(**options)
