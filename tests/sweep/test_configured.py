"""Sweeps of run configurations: the [sweep] table, validation before work, the command."""

import argparse
import json

import numpy as np
import pytest

from fpsphere.errors import ConfigError
from fpsphere.sweep import add_sweep_parser, load_table, parse_sweep, run_config_sweep
from tests.reference.legendre import axial_lambda1

BASE = {"mesh": {"level": 3}, "energy": {"uniaxial": {"sigma": 0.0}},
        "dynamics": {"alpha": 1.0}}


def config(sweep=None, **tables):
    data = {k: dict(v) for k, v in BASE.items()}
    data.update(tables)
    data["sweep"] = {"quantity": "spectrum",
                     "axes": {"energy.uniaxial.sigma": [0.0, 2.0, 4.0, 8.0]}, **(sweep or {})}
    return data


def test_lambda_1_over_sigma_from_a_config(tmp_path):
    outcome = run_config_sweep(config(), tmp_path, progress=False)
    table = outcome.table
    assert table.params == ("energy.uniaxial.sigma",)
    rates = table["lambda1"]
    assert np.all(np.diff(rates) < 0)
    assert abs(rates[0] - 1.0) < 5e-3  # U = 0: the dipole rate is exactly 1/tau_N
    assert abs(rates[2] / axial_lambda1(lambda z: -4.0 * z**2) - 1) < 0.01
    manifest = json.loads((tmp_path / "sweep.json").read_text())
    assert manifest["quantities"] == ["spectrum"] and manifest["base"]["mesh"]["level"] == 3
    assert "sweep" not in manifest["base"]


def test_toml_file_with_mesh_groups_zip_and_two_quantities(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("""
[mesh]
level = 2
[energy.uniaxial]
sigma = 3.0
[dynamics]
alpha = 0.5
[sweep]
quantity = ["relaxation_time", "lambda1"]
mode = "zip"
[sweep.axes]
"mesh.level" = [2, 3]
"dynamics.alpha" = { start = 0.5, stop = 1.0, num = 2 }
""")
    spec = parse_sweep_file(path)
    assert spec.sweep().group_by == ("mesh.level",)
    table = run_config_sweep(path, tmp_path / "out", progress=False).table
    assert table.results == ("relaxation_time.relaxation_time", "lambda1.lambda1")
    assert list(table["mesh.level"]) == [2, 3] and set(table["status"]) == {"ok"}
    # lambda1 tau_N does not depend on alpha for an axial energy; the mesh refines it
    assert table["lambda1.lambda1"][0] == pytest.approx(table["lambda1.lambda1"][1], rel=0.05)


def parse_sweep_file(path):
    from fpsphere.sweep import load_sweep

    return load_sweep(path)


def test_resume_of_a_config_sweep_and_changed_base(tmp_path):
    first = run_config_sweep(config(), tmp_path, progress=False, max_points=2)
    again = run_config_sweep(config(), tmp_path, progress=False)
    assert (first.computed, again.computed, again.skipped) == (2, 2, 2)
    changed = config(dynamics={"alpha": 0.5})  # another base: nothing is reused
    assert run_config_sweep(changed, tmp_path, progress=False).computed == 4


BAD = [
    ({"axes": {"energy.uniaxial.sigm": [1.0]}},
     ["energy.uniaxial.sigm", "did you mean 'sigma'", "expected one of"]),
    ({"axes": {"dynamics.alpha": [0.1, -1.0]}},
     ["dynamics.alpha = -1.0", "expected a finite number > 0", "sweep point"]),
    ({"axes": {"dynamics.alpha": []}}, ["dynamics.alpha=[] is empty"]),
    ({"axes": {"dynamics.alpha": ["fast"]}}, ["dynamics.alpha[0]='fast'", "real number"]),
    ({"axes": {"dynamics.alpha": {"start": 0.0, "stop": 1.0, "num": 3, "scale": "log"}}},
     ["dynamics.alpha.start=0.0", "start > 0"]),
    ({"mode": "zip", "axes": {"dynamics.alpha": [0.1, 1.0], "energy.uniaxial.sigma": [1.0]}},
     ["unequal lengths", "'dynamics.alpha': 2", "mode='zip'"]),
    ({"mode": "grid"}, ["sweep.mode = 'grid'", "['product', 'zip']"]),
    ({"quantity": "lamda1"}, ["sweep.quantity = 'lamda1'", "did you mean 'lambda1'"]),
    ({"quantity": []}, ["sweep.quantity = []", "non-empty list"]),
    ({"axis": {}}, ["sweep.axis is not a valid key", "did you mean 'axes'"]),
    ({"axes": {}}, ["sweep.axes = {}", "non-empty table"]),
    ({"chunk_size": 0}, ["sweep.chunk_size=0", ">= 1"]),
]


@pytest.mark.parametrize(("sweep", "words"), BAD)
def test_bad_sweep_fails_before_any_work(tmp_path, sweep, words):
    with pytest.raises(ConfigError) as info:
        run_config_sweep(config(sweep), tmp_path / "out", progress=False)
    for word in words:
        assert word in str(info.value), (word, str(info.value))
    assert not (tmp_path / "out").exists()


def test_config_without_a_sweep_table():
    data = config()
    del data["sweep"]
    with pytest.raises(ConfigError, match=r"no \[sweep\] table"):
        parse_sweep(data, "cfg.toml")


def command(argv):
    parser = argparse.ArgumentParser(prog="fpsphere")
    add_sweep_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_sweep_command(tmp_path, capsys):
    import tomllib

    path = tmp_path / "s.toml"
    path.write_text('[mesh]\nlevel = 2\n[dynamics]\nalpha = 1.0\n[sweep]\nquantity = "spectrum"\n'
                    '[sweep.axes]\n"energy.uniaxial.sigma" = [1.0, 2.0]\n')
    assert tomllib.loads(path.read_text())["sweep"]["axes"]
    assert command(["sweep", str(path), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert len(load_table(tmp_path / "out")) == 2
    assert command(["sweep", str(path), "-o", str(tmp_path / "out")]) == 0
    assert "0 computed, 2 already done, 0 failed" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        command(["sweep", str(path), "-o", str(tmp_path / "out"), "--workers", "0"])


def test_sweep_command_on_a_local_dask_cluster(tmp_path, capsys):
    pytest.importorskip("distributed")
    path = tmp_path / "s.toml"
    path.write_text('[mesh]\nlevel = 2\n[dynamics]\nalpha = 1.0\n[sweep]\nquantity = "spectrum"\n'
                    '[sweep.axes]\n"energy.uniaxial.sigma" = [1.0, 2.0, 3.0]\n')
    argv = ["sweep", str(path), "-o", str(tmp_path / "out"), "--scheduler", "local",
            "--workers", "1", "--quiet"]
    assert command(argv) == 0
    local = load_table(tmp_path / "out")
    serial = run_config_sweep(path, tmp_path / "serial", progress=False).table
    np.testing.assert_allclose(local["lambda1"], serial["lambda1"], rtol=1e-9)


def test_fpsphere_sweep_through_the_main_command(tmp_path, capsys):
    from fpsphere.cli import main

    path = tmp_path / "s.toml"
    path.write_text('[mesh]\nlevel = 2\n[dynamics]\nalpha = 1.0\n[sweep]\nquantity = "spectrum"\n'
                    '[sweep.axes]\n"dynamics.alpha" = [1.0, -1.0]\n')
    assert main(["sweep", str(path), "-o", str(tmp_path / "out")]) == 2
    assert "dynamics.alpha = -1.0 is not allowed" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    path.write_text(path.read_text().replace("-1.0", "2.0"))
    assert main(["sweep", str(path), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert len(load_table(tmp_path / "out")) == 2
