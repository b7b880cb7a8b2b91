"""The ``stack`` spin-transfer source of run configurations."""

from pathlib import Path

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.config import load, parse, set_key
from fpsphere.coupling import StackTorque
from fpsphere.errors import ConfigError

CONFIG = Path(__file__).resolve().parents[2] / "examples" / "configs" / "stack_spin_valve.toml"


def test_stack_source_builds_the_stack_torque_potentials():
    cfg = load(CONFIG)
    model = cfg.build_model()
    direct = StackTorque(cfg.stack.build(), 3, np.pi / 4 * (50e-9) ** 2)
    chi, phi = direct.potentials(-2e10, 0.01)
    u = model.mesh.points
    np.testing.assert_allclose(model.chi(u), chi(u), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(model.phi(u), phi(u), atol=1e-12)
    # electrons from the fixed layer: the parallel well is favoured
    rho = model.stationary()
    assert fp.observables.probability(model.mesh, rho, (0, 0, 1)) > 0.99


def test_stack_source_errors_name_the_key():
    data = load(CONFIG).data
    with pytest.raises(ConfigError, match="free_layer"):
        parse(set_key(dict(data), "spin_transfer.free_layer", 9))
    with pytest.raises(ConfigError, match="not ferromagnetic"):
        parse(set_key(load(CONFIG).data, "spin_transfer.free_layer", 2))
    no_stack = load(CONFIG).data
    del no_stack["stack"]
    no_stack["outputs"].pop("stack", None)
    with pytest.raises(ConfigError, match=r"needs a \[stack\] table"):
        parse(no_stack)
    with pytest.raises(ConfigError, match="diameter"):
        parse(set_key(load(CONFIG).data, "spin_transfer.diameter", -1.0))
