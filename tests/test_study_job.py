"""The ``[study]`` table of run configurations (fpsphere.jobs.study)."""

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from fpsphere.cli import main
from fpsphere.config import load, parse, set_key
from fpsphere.errors import ConfigError
from fpsphere.jobs import run
from fpsphere.jobs.study import device_of
from fpsphere.studies import Device, resonance_vs_current, write_error_rate

CONFIGS = Path(__file__).resolve().parents[1] / "examples" / "configs"


def test_write_error_rate_study_from_a_config(tmp_path):
    cfg = load(CONFIGS / "write_error_rate.toml")
    summary = run(cfg, tmp_path / "out", progress=False)
    rows = summary["results"]["study"]["rows"]
    assert len(rows) == 3 * 15
    # the same device through the Python API
    mesh = cfg.build_mesh()
    device = Device(mesh, cfg.energy, 0.01, chi=cfg.spin_transfer.chi)
    direct = write_error_rate(device, [60.0], cfg.study.durations, dt=2.5e-3)
    got = np.array([r["error_rate"] for r in rows if r["current"] == 60.0])
    np.testing.assert_allclose(got, direct.error_rate[0], rtol=1e-10)
    assert got[-1] < 1e-8 < got[0]
    with open(tmp_path / "out" / "study.csv") as handle:
        assert len(list(csv.DictReader(handle))) == 45
    assert (tmp_path / "out" / "study.png").stat().st_size > 1000


def test_hysteresis_study_shift_equals_current(tmp_path, capsys):
    code = main(["run", str(CONFIGS / "hysteresis_under_current.toml"), "-o",
                 str(tmp_path / "loop"), "--json", "--quiet"])
    assert code == 0
    result = json.loads((tmp_path / "loop" / "summary.json").read_text())["results"]["study"]
    shifts = np.array(result["shift"])
    np.testing.assert_allclose(shifts - shifts[0], [0.0, 5.0, 10.0], atol=5e-3)
    assert np.ptp(result["coercivity"]) < 1e-3 * result["coercivity"][0]


@pytest.mark.parametrize("key, value, match", [
    ("study.kind", "wer", "write_error_rate"),
    ("study.durations", [0.0, 0.1], "durations"),
    ("study.xi_max", 3.0, "xi_max"),
    ("study.currents", [], "currents"),
])
def test_study_errors_name_the_key(key, value, match):
    data = load(CONFIGS / "write_error_rate.toml").data
    with pytest.raises(ConfigError, match=match):
        parse(set_key(data, key, value))


def test_critical_current_and_resonance_studies():
    base = {"mesh": {"level": 2}, "dynamics": {"alpha": 0.1},
            "energy": {"uniaxial": {"sigma": 10.0}}, "spin_transfer": {"kappa": 1.0},
            "outputs": {"stationary": False}}
    critical = dict(base, study={"kind": "critical_current", "fields": [-4.0, 0.0, 4.0],
                                 "i_max": 60.0})
    result = run(parse(critical), progress=False)["results"]["study"]
    np.testing.assert_allclose(result["critical_current"], [16.0, 20.0, 24.0], rtol=1e-4)
    resonance = dict(base, study={"kind": "resonance", "currents": [0.0, 2.0], "k": 20})
    rows = run(parse(resonance), progress=False)["results"]["study"]["rows"]
    assert len(rows) == 2 and all(r["frequency"] > 0 for r in rows)
    cfg = parse(resonance)
    direct = resonance_vs_current(device_of(cfg, cfg.build_mesh()), [0.0, 2.0], k=20)
    np.testing.assert_allclose([r["frequency"] for r in rows], direct.frequency, rtol=1e-8)
