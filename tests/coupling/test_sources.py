"""fpsphere.coupling.SPIN_TRANSFER_SOURCES and the stack torque potentials."""

import tomllib
from pathlib import Path

import pytest

import fpsphere as fp
from fpsphere import config
from fpsphere.coupling import SPIN_TRANSFER_SOURCES, StackTorquePotential, spin_transfer_keys
from fpsphere.errors import ConfigError

CONFIG = Path(__file__).resolve().parents[2] / "examples" / "configs" / "stack_spin_valve.toml"


def test_sources_are_a_registry_read_by_the_configuration():
    assert list(SPIN_TRANSFER_SOURCES) == ["none", "polarizer", "stack"]
    assert config.SPIN_TRANSFER_SOURCES is SPIN_TRANSFER_SOURCES
    assert spin_transfer_keys()[:3] == ("source", "kappa", "current")
    assert "polarizer" in SPIN_TRANSFER_SOURCES.help()
    with pytest.raises(ConfigError, match="did you mean 'polarizer'"):
        config.parse({"dynamics": {"alpha": 0.1}, "spin_transfer": {"source": "polariser"}})
    assert (("kappa",), ("current", "eta")) in config.alternatives()


def test_stack_potentials_compare_by_description_and_share_the_torque():
    data = tomllib.loads(CONFIG.read_text())
    a, b = config.parse(data), config.parse(data)
    assert a == b  # equality ignores the StackTorque instance
    chi, phi = a.spin_transfer.chi, a.spin_transfer.phi
    assert isinstance(chi, StackTorquePotential) and chi.part == "chi" and phi.part == "phi"
    assert chi._torque is phi._torque  # one angle sweep for both parts
    assert not chi._torque._cache  # reading checks nothing that runs the 1D solves
    assert hash(chi) == hash(b.spin_transfer.chi) and chi.lazy
    assert "torque" not in repr(chi) and "_torque" not in {f for f in vars(type(chi))
                                                          .get("__dataclass_fields__", {})}
    assert config.parse(config.set_key(a.data, "spin_transfer.l_par", 0.5)) != a
    with pytest.raises(fp.ParameterError, match="torque"):
        StackTorquePotential("chi", 1e10, 0.01, 3, 1e-15, 1.0, 1.0, (0, 0, 1), None)


def test_stack_sizes_are_bounded():
    data = tomllib.loads(CONFIG.read_text())
    for key, value in (("diameter", 1e300), ("diameter", 1e-200), ("nodes", 10**9)):
        broken = config.set_key(tomllib.loads(CONFIG.read_text()), f"spin_transfer.{key}",
                                value)
        with pytest.raises(ConfigError, match=f"spin_transfer.{key}"):
            config.parse(broken)
    assert config.parse(data).spin_transfer.chi.area > 0
