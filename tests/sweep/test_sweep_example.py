"""The sweep example runs and pins its sigma = 10 row against the Galerkin reference;
every example config with a [sweep] table is a valid sweep."""

import importlib.util
import tomllib
from pathlib import Path

import pytest

from fpsphere.sweep import load_sweep

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sweep_lambda1_map.py"

#: lambda_1 tau_N at sigma = 10, h = 0.3 (examples/relaxation_transverse_field.py)
GALERKIN = {0.01: 0.3033451113257, 0.1: 0.1587752370722, 1.0: 0.03949174317901,
            10.0: 0.03044721236481}


def test_sweep_lambda1_map_matches_galerkin(tmp_path):
    spec = importlib.util.spec_from_file_location("sweep_lambda1_map", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = module.main(outdir=tmp_path, show=False)
    assert len(table) == 12 and table.n_failed == 0
    rows = table["energy.uniaxial.sigma"] == 10.0
    for alpha, rate in zip(table["dynamics.alpha"][rows], table["lambda1"][rows], strict=True):
        reference = GALERKIN[min(GALERKIN, key=lambda a: abs(a / alpha - 1))]
        assert rate == pytest.approx(reference, rel=1e-2)
    # the damping dependence grows with the barrier
    spread = {s: table["lambda1"][table["energy.uniaxial.sigma"] == s] for s in (5.0, 15.0)}
    assert spread[15.0].max() / spread[15.0].min() > spread[5.0].max() / spread[5.0].min()


SWEEP_CONFIGS = [p for p in sorted((EXAMPLE.parent / "configs").glob("*.toml"))
                 if "sweep" in tomllib.loads(p.read_text())]


def test_sweep_configs_exist():
    assert "sweep_lambda1_map" in {p.stem for p in SWEEP_CONFIGS}


@pytest.mark.parametrize("path", SWEEP_CONFIGS, ids=lambda p: p.stem)
def test_example_sweep_configs_are_valid(path):
    spec = load_sweep(path)
    assert len(spec.sweep()) > 0 and spec.base.source == str(path)
