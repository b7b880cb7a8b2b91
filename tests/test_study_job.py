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


MRAM_CELL = """
title = "perpendicular STT-MRAM cell"

[cell]
Ms = 1.257e6
Ku = 1.81e5
alpha = 0.027
temperature = 358.0
diameter = 40e-9
thickness = 1.3e-9

[cell.torque]
kind = "stt"
efficiency = 0.6

[study]
kind = "mram"
write_currents = [1.2e-4, 1.6e-4]
write_durations = [2e-9, 5e-9, 10e-9]
read_current = 20e-6
read_duration = 5e-9
frames = 3
use_config_mesh = true

[mesh]
kind = "latlon"
n_rings = 48
n_per_ring = 16
"""


def test_mram_study_from_a_cell_table(tmp_path):
    """``fpsphere run cell.toml -o out``: the table in A and s, the figures, ParaView
    frames, and the same numbers as the Python API."""
    from fpsphere.mram import STT, Cell, read_disturb, write_error_rate

    path = tmp_path / "cell.toml"
    path.write_text(MRAM_CELL)
    assert main(["run", str(path), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    out = tmp_path / "out"
    result = json.loads((out / "summary.json").read_text())["results"]["study"]
    assert "stationary" not in json.loads((out / "summary.json").read_text())["results"]
    for name in ("study.csv", "study.png", "retention.png", "switching.pvd",
                 "switching_00003.vtu"):
        assert (out / name).is_file() and name in result["files"]
    with open(out / "study.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6 and {"current_uA", "duration_ns", "write_error_rate"} <= set(rows[0])
    cell = Cell(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0, diameter=40e-9,
                thickness=1.3e-9, torque=STT(efficiency=0.6))
    assert result["cell"]["critical_current_uA"] == pytest.approx(
        cell.critical_current * 1e6, rel=1e-12)
    from fpsphere import latlon

    mesh = latlon(48, 16)
    direct = write_error_rate(cell, [1.6e-4], [2e-9, 5e-9, 10e-9], mesh=mesh).error_rate[0]
    got = [float(r["write_error_rate"]) for r in rows if float(r["current_uA"]) == 160.0]
    np.testing.assert_allclose(got, direct, rtol=1e-10)
    disturb = read_disturb(cell, 20e-6, 5e-9, mesh=mesh)
    assert result["read_disturb"]["value"] == pytest.approx(disturb, rel=1e-10)
    assert result["retention"]["unit"] == "s" and result["retention"]["years"] > 1e8


@pytest.mark.parametrize("key, value, match", [
    ("cell.Ms", -1.0, "cell.Ms"),
    ("cell.thickness", 0.0, "cell.thickness"),
    ("cell.volume", 1e-24, "not both"),
    ("cell.torque.kind", "stt2", "stt"),
    ("cell.torque.spin_hall_angle", 0.1, "spin_hall_angle"),
    ("cell.torque.efficiency", 2.0, "cell.torque.efficiency"),
    ("study.kind", "resonance", "cell"),
    ("study.read_duration", None, "read_duration"),
    ("dynamics.alpha", 0.5, "dynamics.alpha"),
])
def test_mram_config_errors_name_the_key(tmp_path, key, value, match):
    import tomllib

    data = tomllib.loads(MRAM_CELL)
    if value is None:
        data["study"].pop(key.split(".")[-1])
    else:
        set_key(data, key, value)
    with pytest.raises(ConfigError, match=match):
        parse(data)


def test_mram_cell_without_a_study_is_refused():
    import tomllib

    data = tomllib.loads(MRAM_CELL)
    data.pop("study")
    with pytest.raises(ConfigError, match=r"\[cell\] is given without a \[study\]"):
        parse(data)


# ------------------------------------------------------------ the registry
def test_studies_registry_declares_every_kind():
    from fpsphere.config.study import study_keys
    from fpsphere.studies import STUDIES

    assert list(STUDIES) == ["write_error_rate", "hysteresis", "critical_current",
                             "resonance", "mram"]
    assert [n for n in STUDIES if STUDIES[n].uses_cell] == ["mram"]
    assert {"kind", "field_direction", "currents", "durations", "xi_max",
            "write_currents"} <= set(study_keys())
    with pytest.raises(ConfigError, match="did you mean 'resonance'"):
        parse({"dynamics": {"alpha": 1.0}, "study": {"kind": "resonanse"}})


def test_a_study_registered_elsewhere_is_read_and_run(monkeypatch, tmp_path):
    """A new study is one entry: its keys are accepted and checked, its params read,
    its rows written to study.csv, without touching config or jobs."""
    from dataclasses import dataclass

    from fpsphere.studies import STUDIES, Study, StudyParams, StudyResult

    @dataclass(frozen=True, kw_only=True)
    class Count(StudyParams):
        kind = "count"
        times: int = 1

    def run_count(config, mesh, params, out):
        return StudyResult([{"k": k, "n": mesh.n_cells} for k in range(params.times)],
                           derived={"cells": mesh.n_cells})

    monkeypatch.setattr(STUDIES, "_entries", dict(STUDIES._entries))
    monkeypatch.setattr(STUDIES, "_docs", dict(STUDIES._docs))
    STUDIES.add(Study("count", "count the cells", ("times",),
                      lambda table, cell: Count(times=table.integer("times", 1, low=1)),
                      run_count))
    base = {"mesh": {"level": 1}, "dynamics": {"alpha": 1.0}, "outputs": {"stationary": False}}
    cfg = parse({**base, "study": {"kind": "count", "times": 2, "field_direction": [1, 0, 0]}})
    assert cfg.study == Count(times=2, field_direction=(1.0, 0.0, 0.0))
    summary = run(cfg, tmp_path / "o", progress=False)
    assert summary["results"]["study"] == {"kind": "count", "cells": 42,
                                           "rows": [{"k": 0, "n": 42}, {"k": 1, "n": 42}]}
    assert (tmp_path / "o" / "study.csv").read_text().splitlines()[0] == "k,n"
    with pytest.raises(ConfigError, match="study.currents is not used with study.kind = 'count'"):
        parse({**base, "study": {"kind": "count", "currents": [1.0]}})
    with pytest.raises(ConfigError, match="study.times"):
        parse({**base, "study": {"kind": "count", "times": 0}})
