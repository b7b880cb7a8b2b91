import fpsphere
from fpsphere.cli import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit:
        assert exit.code == 0
    assert fpsphere.__version__ in capsys.readouterr().out


def test_mesh_command_writes_file(tmp_path, capsys):
    out = tmp_path / "m.vtu"
    assert main(["mesh", "--level", "2", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "n_cells               162" in text
    assert fpsphere.read_mesh(out).n_cells == 162


def test_mesh_command_bad_level(capsys):
    assert main(["mesh", "--level", "42"]) == 2
    assert "level=42" in capsys.readouterr().err


def test_run_command_prints_and_writes(tmp_path, capsys):
    out = tmp_path / "demo.vtu"
    assert main(["run", "--level", "3", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "equilibrium" in text and "spin torque" in text
    assert fpsphere.read_mesh(out).n_cells == 642
