"""fpsphere.energy.ENERGY_TERMS: the energy terms a configuration names, declared next to them."""

import ast
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import fpsphere as fp
from fpsphere import config
from fpsphere.energy import ENERGY_TERMS, Potential, TermSpec
from fpsphere.energy.reading import amplitude
from fpsphere.errors import ConfigError

ROOT = Path(fp.__file__).resolve().parent
BASE = {"mesh": {"level": 2}, "dynamics": {"alpha": 0.1}}


def test_names_order_and_keys():
    assert list(ENERGY_TERMS) == ["uniaxial", "zeeman", "cubic", "easy_plane"]
    assert ENERGY_TERMS["zeeman"].keys == ("xi", "h", "H", "mu0H", "direction")
    assert all(isinstance(spec, TermSpec) and issubclass(spec.term, Potential)
               for spec in ENERGY_TERMS.values())
    # configuration, help and documentation read the registry
    assert dict(config.physics.ENERGY_KEYS) == {n: s.keys for n, s in ENERGY_TERMS.items()}
    assert "uniaxial" in ENERGY_TERMS.help() and "| `cubic` |" in ENERGY_TERMS.markdown()
    assert (("sigma",), ("K",)) in config.alternatives()


def test_unknown_term_suggests_the_nearest():
    with pytest.raises(ConfigError, match="energy.uniaxal.*did you mean 'uniaxial'"):
        config.parse({**BASE, "energy": {"uniaxal": {"sigma": 1.0}}})
    with pytest.raises(KeyError, match="did you mean 'zeeman'"):
        ENERGY_TERMS["zeman"]


def test_readers_give_the_terms():
    cfg = config.parse({**BASE, "energy": {"uniaxial": {"sigma": 4.0, "axis": [1, 0, 0]},
                                           "zeeman": {"h": 0.25}, "cubic": {"sigma_c": 2.0},
                                           "easy_plane": {"sigma_p": 1.0}}})
    assert cfg.energy.terms == (fp.Uniaxial(4.0, (1, 0, 0)), fp.Zeeman(2.0), fp.Cubic(2.0),
                                fp.EasyPlane(1.0))


@dataclass(frozen=True)
class Quartic(Potential):
    """A test term ``U = sigma_4 (u.n)^4``."""

    sigma_4: float

    def __call__(self, u):
        return self.sigma_4 * np.asarray(u)[:, 2] ** 4


def test_a_new_term_is_one_registration():
    """What energy/terms.py would hold for a new term: its class and one register call;
    the configuration reads it, with errors naming its keys, and set_key knows its
    alternatives."""
    def read(table, ctx, terms):
        return Quartic(amplitude(table, "sigma_4"))

    spec = TermSpec(Quartic, ("sigma_4", "K4"), read, "a quartic test term",
                    ((("sigma_4",), ("K4",)),))
    with ENERGY_TERMS.temporarily("quartic", spec):
        _check_quartic()
    assert "quartic" not in ENERGY_TERMS and "quartic" not in config.physics.ENERGY_KEYS


def _check_quartic():
    cfg = config.parse({**BASE, "energy": {"uniaxial": {"sigma": 3.0},
                                           "quartic": {"sigma_4": 2.0}}})
    assert cfg.energy.terms == (fp.Uniaxial(3.0), Quartic(2.0))
    assert config.parse(cfg.data) == cfg
    with pytest.raises(ConfigError, match=r"energy.quartic.sigma_4 = 'x'"):
        config.parse({**BASE, "energy": {"quartic": {"sigma_4": "x"}}})
    with pytest.raises(ConfigError, match=r"energy.quartic.sigma_4 = 1e\+300"):
        config.parse({**BASE, "energy": {"quartic": {"sigma_4": 1e300}}})
    data = {"energy": {"quartic": {"K4": 1.0}}}
    assert config.set_key(data, "energy.quartic.sigma_4", 2.0) == {
        "energy": {"quartic": {"sigma_4": 2.0}}}
    assert "quartic" in config.physics.ENERGY_KEYS


def test_parameter_errors_of_a_term_name_its_table():
    def read(table, ctx, terms):
        return fp.Uniaxial(1.0, axis=(0, 0, 0))  # a ParameterError of the term itself

    with ENERGY_TERMS.temporarily("broken", TermSpec(fp.Uniaxial, ("x",), read, "broken")), \
            pytest.raises(ConfigError, match=r"cfg.toml: energy.broken: axis="):
        config.parse({**BASE, "energy": {"broken": {}}}, "cfg.toml")


@pytest.mark.parametrize("path", [*sorted((ROOT / "energy").glob("*.py")),
                                  ROOT / "coupling" / "sources.py"])
def test_physics_does_not_import_config(path):
    """Import direction mesh -> energy -> ... -> config: only TYPE_CHECKING imports."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("fpsphere.config"), ast.unparse(node)
        elif isinstance(node, ast.Import):
            assert not any(a.name.startswith("fpsphere.config") for a in node.names)


def test_messages_say_it_once_and_name_the_key():
    data = {**BASE, "device": {"volume": 1e-24}, "energy": {"uniaxial": {"K": -1}}}
    with pytest.raises(ConfigError) as info:
        config.parse(data, "cfg.toml")
    assert str(info.value) == ("cfg.toml: energy.uniaxial.K = -1 is not allowed: expected a "
                               "finite number > 0 (J/m^3)")
    data = {**BASE, "device": {"volume": 1e-6}, "energy": {"uniaxial": {"K": 1e300}}}
    with pytest.raises(ConfigError, match=r"cfg.toml: energy.uniaxial.K = 1e\+300 .*sigma"):
        config.parse(data, "cfg.toml")


def test_unit_vectors_do_not_overflow():
    assert fp.Zeeman(1.0, (1e300, 1e300, 0)).direction == pytest.approx((2**-0.5, 2**-0.5, 0))
    assert fp.Uniaxial(1.0, (1e-320, 0, 0)).axis == (1.0, 0.0, 0.0)
    with pytest.raises(fp.ParameterError, match="axis"):
        fp.Uniaxial(1.0, (10**400, 0, 0))
    with pytest.raises(fp.ParameterError, match="axes"):
        fp.Cubic(1.0, [[1, 0, 0], [0, 1], [0, 0, 1]])
