"""The MRAM examples run (coarse meshes), pin numbers against independent values and
write only into the folder they are given (``outside``: not the cwd, not the repo)."""

import importlib.util
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import constants

import fpsphere as fp
from fpsphere.mram.numerics import TARGET_HALF_ANGLE
from tests.mram.reference import axial_mfpt
from tests.test_examples import nothing_written_outside, written

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def outside(tmp_path, monkeypatch):
    with nothing_written_outside(tmp_path, monkeypatch) as out:
        yield out


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mram_stt_perpendicular(outside):
    outside.mkdir()
    out = load("mram_stt_perpendicular").main(outside, mesh=fp.latlon(60, 16),
                                              currents_uA=(140.0, 180.0),
                                              durations_ns=(5.0, 10.0), target=1e-6,
                                              show=False)
    cell = out["cell"]
    assert cell.delta == pytest.approx(60.0, abs=0.5)
    textbook = 4 * constants.e * 0.027 * cell.Ku * cell.volume / (constants.hbar * 0.6)
    assert out["critical"] == pytest.approx(textbook, rel=1e-12)   # 80.9 uA
    reference = axial_mfpt(lambda z: -cell.delta * z * z, -math.cos(TARGET_HALF_ANGLE))
    assert out["retention"] == pytest.approx(reference * cell.tau_N, rel=0.03)
    assert 1e-16 < out["disturb"] < 1e-14
    assert written(outside) == ["wer.csv", "wer.png"]


def test_mram_sot_bias_field(outside):
    outside.mkdir()
    with warnings.catch_warnings():
        # icosphere(3) does not resolve U_d, and fixed steps are refined at the pulse start
        warnings.filterwarnings("ignore", "spin transfer without a symmetry axis")
        warnings.filterwarnings("ignore", r"dt=.* is too long here")
        out = load("mram_sot_bias_field").main(outside, mesh=fp.icosphere(3),
                                               fractions=(1.1,), durations_ns=(1.0,),
                                               show=False)
    cell = out["cell"]
    theta = np.linspace(0.0, math.pi / 2, 400001)
    exact = np.max(np.cos(theta) * (np.sin(theta) - 0.2))   # macrospin, h = 0.2
    j_exact = (2 * constants.e / constants.hbar * constants.mu_0 * cell.Ms * 0.8e-9 / 0.07
               * cell.H_K * exact)
    assert out["j_c"] == pytest.approx(j_exact, rel=1e-6)
    lee = 0.5 - 0.2 / math.sqrt(2)                            # Lee et al. 2013, linearized
    assert out["j_lee"] / out["j_c"] == pytest.approx(lee / exact, rel=1e-6)  # 1.5 % lower
    assert 0 < out["table"].error_rate[0, 0] < 0.5
    assert written(outside) == ["wer.csv", "wer.png"]
