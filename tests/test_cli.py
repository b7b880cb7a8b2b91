"""The ``fpsphere`` command, in process: every subcommand, --json, --quiet, errors."""

import json
from pathlib import Path

import pytest

import fpsphere
from fpsphere.cli import main
from tests.test_config import EXAMPLES

CONFIGS = Path(__file__).resolve().parents[1] / "examples" / "configs"
SMALL = ["--set", "mesh.level=3", "--set", "outputs.figures=false"]
SUBCOMMANDS = ["run", "stationary", "spectrum", "evolve", "stack", "mesh", "sweep", "keys"]


def only_accuracy_warnings(err):
    """stderr holds nothing but one-line accuracy warnings (level-3 runs of the built-in
    example do not resolve its spin-transfer potentials, and say so)."""
    return all(line.startswith("fpsphere: warning:") for line in err.splitlines())


def run_json(capsys, *argv):
    assert main([*argv, "--json"]) == 0
    captured = capsys.readouterr()
    assert only_accuracy_warnings(captured.err), captured.err
    return json.loads(captured.out)


def test_version(capsys):
    assert main(["--version"]) == 0
    assert fpsphere.__version__ in capsys.readouterr().out


@pytest.mark.parametrize("command", [None, *SUBCOMMANDS])
def test_every_command_has_help(command, capsys):
    assert main(["--help"] if command is None else [command, "--help"]) == 0
    text = capsys.readouterr().out
    assert "usage: fpsphere" in text and "--help" in text
    if command not in (None, "mesh", "sweep", "keys"):
        assert "--set KEY=VALUE" in text and "--json" in text and "--quiet" in text
        assert ("--error-estimate" in text) == (command != "stack")


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    assert "COMMAND" in capsys.readouterr().out


def test_run_without_config_runs_the_builtin_example(capsys):
    # the README quick start: `pip install . && fpsphere run`
    assert main(["run"]) == 0
    text = capsys.readouterr().out
    assert "built-in default.toml" in text and "40962 cells" in text
    assert "equilibrium" in text and "spin_transfer" in text


def test_run_writes_the_output_folder(tmp_path, capsys):
    out = tmp_path / "demo"
    summary = run_json(capsys, "run", "-o", str(out), *SMALL, "--set", "outputs.spectrum=3")
    assert summary["results"]["mesh"]["n_cells"] == 642
    assert set(summary["results"]) == {"mesh", "stationary", "spectrum"}
    assert sorted(p.name for p in out.iterdir()) == summary["files"]
    assert json.loads((out / "summary.json").read_text()) == summary
    assert (out / "config.toml").read_text().startswith("# The built-in example")


def test_quiet_prints_nothing(tmp_path, capsys):
    assert main(["run", "-q", "-o", str(tmp_path / "q"), *SMALL]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and only_accuracy_warnings(captured.err)
    assert "estimated error" in captured.err  # the level-3 run is not silently wrong
    assert (tmp_path / "q" / "summary.json").exists()


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_example_configs_run(name, tmp_path, capsys):
    summary = run_json(capsys, "run", str(CONFIGS / f"{name}.toml"), "-o",
                       str(tmp_path / name), "--set", "outputs.figures=false")
    assert summary["source"].endswith(f"{name}.toml")
    assert (tmp_path / name / "config.toml").read_text() == (CONFIGS / f"{name}.toml").read_text()
    assert summary["timings"]["total"] < 10


def test_stationary_command(capsys):
    summary = run_json(capsys, "stationary", *SMALL)
    assert set(summary["results"]) == {"mesh", "stationary"}
    assert summary["results"]["stationary"]["spin_transfer"]["p_up"] > 0.99


def test_spectrum_command_on_a_config_with_a_protocol(capsys):
    summary = run_json(capsys, "spectrum", str(CONFIGS / "evolve_switching_pulse.toml"),
                       "-k", "4", "--set", "mesh.n_rings=20")
    assert set(summary["results"]) == {"mesh", "spectrum"}
    assert len(summary["results"]["spectrum"]["real"]) == 4
    assert "protocol" not in summary["config"]


def test_spectrum_command_takes_k_from_the_config(capsys):
    summary = run_json(capsys, "spectrum", str(CONFIGS / "relaxation_spectrum.toml"),
                       "--set", "mesh.level=3")
    assert len(summary["results"]["spectrum"]["real"]) == 8
    assert "quantities" not in summary["results"]


def test_evolve_command(tmp_path, capsys):
    out = tmp_path / "evo"
    summary = run_json(capsys, "evolve", *SMALL, "--times", "0.1", "0.5", "--dt", "0.01",
                       "-o", str(out))
    evo = summary["results"]["evolve"]
    assert evo["times"] == [0.1, 0.5] and len(evo["p_up"]) == 2
    assert {"evolution.pvd", "evolution_00000.vtu", "evolution.csv"} <= set(summary["files"])
    assert main(["evolve", *SMALL]) == 2
    assert "give the output times with --times" in capsys.readouterr().err


def test_stack_command(tmp_path, capsys):
    summary = run_json(capsys, "stack", "--layers", "Cu:100", "Co:5", "Cu:100",
                       "--points", "300", "-o", str(tmp_path / "s"),
                       "--set", "outputs.figures=false")
    assert summary["results"]["stack"]["layers"] == ["Cu", "Co", "Cu"]
    assert summary["results"]["stack"]["r_ne"] > 0
    assert "stack_profile.csv" in summary["files"]
    text = (main(["stack", "--model", "vector", "--layers", "Cu:50", "Py:5:90", "Cu:50",
                  "--points", "300"]), capsys.readouterr().out)
    assert text[0] == 0 and "(vector)" in text[1]
    assert "give the layers with --layers" in error(
        capsys, "stack", str(CONFIGS / "stationary_oblique_field.toml"))


def test_mesh_command(tmp_path, capsys):
    # -o is a folder, as for every command: mesh.vtu and summary.json (the quality)
    out = tmp_path / "m"
    assert main(["mesh", "--level", "2", "-o", str(out)]) == 0
    assert "n_cells               162" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["mesh.vtu", "summary.json"]
    assert fpsphere.read_mesh(out / "mesh.vtu").n_cells == 162
    assert json.loads((out / "summary.json").read_text())["quality"]["n_cells"] == 162
    # one file: --file, its format checked up front
    assert main(["mesh", "--level", "2", "-q", "--file", str(tmp_path / "m.vtu")]) == 0
    assert fpsphere.read_mesh(tmp_path / "m.vtu").n_cells == 162
    report = run_json(capsys, "mesh", "--kind", "latlon", "--n-rings", "6")
    assert report["quality"]["n_cells"] == 38
    assert main(["mesh", "--level", "2", "-q"]) == 0
    assert capsys.readouterr() == ("", "")


def test_mesh_refuses_unknown_formats_and_file_names_as_folders(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = error(capsys, "mesh", "--level", "1", "--file", "m.xyzunknown")
    assert "--file 'm.xyzunknown' is not allowed" in err and ".vtu, .vtk" in err
    err = error(capsys, "mesh", "--level", "1", "-o", "m.xyzunknown")
    assert "-o is an output folder" in err and "--file" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.filterwarnings("ignore:spin transfer without a symmetry axis")  # level 3
def test_error_estimate_flag(tmp_path, capsys):
    summary = run_json(capsys, "run", *SMALL, "--set", "outputs.spectrum=3", "--error-estimate",
                       "-o", str(tmp_path / "e"))
    assert summary["config"]["mesh"]["error_estimate"] is True
    errors = summary["errors"]
    assert {"stationary.spin_transfer.p_up", "stationary.equilibrium.mean_z",
            "spectrum.real.1"} <= set(errors)
    entry = errors["spectrum.real.1"]
    assert entry["value"] == summary["results"]["spectrum"]["real"][1]
    assert entry["levels"] == [1, 2, 3] and entry["error"] > 0
    assert json.loads((tmp_path / "e" / "summary.json").read_text())["errors"] == errors
    assert main(["stationary", *SMALL, "--error-estimate"]) == 0
    text = capsys.readouterr().out
    assert "\n  ±  " in text and "estimated mesh error" in text and "levels 1-3" in text
    assert "errors" not in run_json(capsys, "stationary", *SMALL)


def test_error_estimate_on_the_other_commands(capsys):
    free = ["--set", "mesh.level=3", "--set", "spin_transfer.kappa=0.0"]
    rates = run_json(capsys, "spectrum", *free, "-k", "3", "--error-estimate")["errors"]
    assert set(rates) == {f"spectrum.{part}.{k}" for part in ("real", "imag") for k in range(3)}
    evo = run_json(capsys, "evolve", *free, "--times", "0.1", "0.2", "--dt", "0.01",
                   "--error-estimate")["errors"]
    assert set(evo) == {"evolve.mean_moment", "evolve.p_up"}
    assert "unrecognized arguments: --error-estimate" in error(capsys, "stack",
                                                                "--error-estimate")
    err = error(capsys, "stationary", str(CONFIGS / "evolve_switching_pulse.toml"),
                "--error-estimate")
    assert "mesh.error_estimate = true is not allowed with mesh.kind = 'latlon'" in err
    assert "a level >= 2" in error(capsys, "run", "--set", "mesh.level=1", "--error-estimate")


def test_dry_run_validates_only(tmp_path, capsys):
    assert main(["run", "--dry-run", "--set", "dynamics.alpha=0.5", "-o",
                 str(tmp_path / "x")]) == 0
    assert json.loads(capsys.readouterr().out)["dynamics"]["alpha"] == 0.5
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------- errors
def error(capsys, *argv):
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_unknown_key_suggests_the_nearest(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[energy.uniaxial]\nsigmaa = 3.0\n")
    err = error(capsys, "run", str(cfg), "-o", str(tmp_path / "out"))
    assert "energy.uniaxial.sigmaa" in err and "did you mean 'sigma'" in err
    assert err.startswith("fpsphere run: error: ")
    assert not (tmp_path / "out").exists()


def test_wrong_type_names_key_value_and_allowed(capsys):
    err = error(capsys, "stationary", "--set", "energy.zeeman.xi=\"strong\"")
    assert "energy.zeeman.xi = 'strong' is not allowed: expected a finite number" in err


def test_missing_and_broken_files(tmp_path, capsys):
    assert "does not exist" in error(capsys, "run", str(tmp_path / "missing.toml"))
    bad = tmp_path / "bad.toml"
    bad.write_text("title = \n")
    assert "not valid TOML" in error(capsys, "run", str(bad))
    cfg = tmp_path / "mesh.toml"
    cfg.write_text('[mesh]\nkind = "file"\npath = "gone.vtu"\n[dynamics]\nalpha = 1.0\n')
    assert "mesh.path = 'gone.vtu'" in error(capsys, "run", str(cfg))


def test_unwritable_output_leaves_nothing(tmp_path, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("")
    err = error(capsys, "run", *SMALL, "-o", str(blocker / "out"))
    assert "cannot be written" in err
    full = tmp_path / "full"
    full.mkdir()
    (full / "old").write_text("old")
    assert "not empty" in error(capsys, "run", *SMALL, "-o", str(full))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "full"]
    # --overwrite never deletes a folder that no run wrote (no summary.json in it)
    err = error(capsys, "run", *SMALL, "-o", str(full), "--overwrite")
    assert "no summary.json" in err and (full / "old").is_file()
    earlier = tmp_path / "earlier"
    assert main(["run", *SMALL, "-q", "-o", str(earlier)]) == 0
    (earlier / "old").write_text("old")
    assert main(["run", *SMALL, "-q", "-o", str(earlier), "--overwrite"]) == 0
    assert "old" not in {p.name for p in earlier.iterdir()}
    assert "cannot be" in error(capsys, "mesh", "--level", "1", "--file",
                                str(blocker / "m.vtu"))
    assert "cannot be written" in error(capsys, "mesh", "--level", "1", "-o",
                                        str(blocker / "m"))


def test_bad_arguments(capsys):
    assert "expected KEY=VALUE" in error(capsys, "run", "--set", "mesh.level")
    assert "NAME:THICKNESS_NM" in error(capsys, "stack", "--layers", "Cu")
    assert "mesh.level = 42" in error(capsys, "mesh", "--level", "42")
    assert "did you mean 'escape_rate'" in error(capsys, "run", *SMALL, "--set",
                                                 "outputs.quantities=[\"escape_rates\"]")
    assert main(["run", "--no-such-option"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


# ------------------------------------------------------- newcomer items
JOB_COMMANDS = ["run", "stationary", "spectrum", "evolve", "stack"]


def test_run_without_output_says_nothing_was_written(capsys):
    assert main(["stationary", *SMALL]) == 0
    captured = capsys.readouterr()
    assert captured.out.rstrip().splitlines()[-1].startswith("no files written")
    assert "fpsphere: " not in captured.err.replace("fpsphere: warning:", "")  # no bar


def test_every_job_command_has_dry_run_and_unset(capsys):
    for command in [*JOB_COMMANDS, "sweep"]:
        assert main([command, "--help"]) == 0
        text = capsys.readouterr().out
        assert "--dry-run" in text and "--unset KEY" in text and "--overwrite" in text


def test_dry_run_checks_what_the_run_checks(tmp_path, capsys):
    err = error(capsys, "run", "--dry-run", "--set", 'outputs.quantities=["escape_rates"]')
    assert "did you mean 'escape_rate'" in err
    full = tmp_path / "full"
    full.mkdir()
    (full / "old").write_text("old")
    assert "not empty" in error(capsys, "stationary", "--dry-run", "-o", str(full))
    assert "no summary.json" in error(capsys, "stack", "--dry-run", "-o", str(full),
                                      "--overwrite")
    assert "-k 0 is not allowed" in error(capsys, "spectrum", "--dry-run", "-k", "0")
    assert main(["evolve", "--dry-run", "-q", "--times", "1", "2"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_unset_removes_a_key(capsys):
    summary = run_json(capsys, "stationary", *SMALL, "--unset", "spin_transfer")
    assert set(summary["results"]["stationary"]) == {"equilibrium"}
    assert "--unset 'energy.nothing' is not allowed" in error(capsys, "run", "--unset",
                                                              "energy.nothing")


def test_config_paths_that_are_not_files(tmp_path, capsys):
    assert "is a folder" in error(capsys, "run", str(tmp_path))
    assert "is not a regular file" in error(capsys, "run", "/dev/null")
    empty = tmp_path / "empty.toml"
    empty.write_text("\n")
    assert "is empty" in error(capsys, "run", str(empty))


def test_spectrum_k_and_evolve_times_are_checked(capsys):
    err = error(capsys, "spectrum", "-k", "0")
    assert "-k 0 is not allowed: expected a number of rates >= 1" in err
    err = error(capsys, "evolve", "--times", "0")
    assert "--times 0 is not allowed" in err and "dt" not in err
    assert "--times 2 1" in error(capsys, "evolve", "--times", "2", "1")
    assert "--dt -1 is not allowed" in error(capsys, "evolve", "--times", "1", "--dt", "-1")
    assert "invalid choice: 'euler'" in error_usage(capsys, "evolve", "--scheme", "euler")


def error_usage(capsys, *argv):
    assert main(list(argv)) == 2
    return capsys.readouterr().err


def test_scheme_help_lists_the_registry(capsys):
    from fpsphere.solvers import TIME_SCHEMES

    assert main(["evolve", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert ", ".join(TIME_SCHEMES) in text


def test_stack_heading_names_the_job_not_the_example(capsys):
    assert main(["stack"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "fpsphere stack: the stack job of <built-in default.toml>"
    assert "tilted-field" not in first


def test_keys_lists_every_registry(capsys):
    assert main(["keys"]) == 0
    text = capsys.readouterr().out
    for word in ("energy terms", "spin-transfer sources", "studies", "jobs",
                 "discretizations", "time schemes", "quantities", "write_error_rate",
                 "tr_bdf2", "escape_rate", "uniaxial", "polarizer", "mram"):
        assert word in text
    tables = json.loads(run_json_raw(capsys, "keys", "studies", "--json"))
    assert list(tables) == ["studies (study.kind)"]
    assert "keys 'nothing' is not allowed" in error(capsys, "keys", "nothing")


def run_json_raw(capsys, *argv):
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_sweep_takes_set_unset_dry_run_json(tmp_path, capsys):
    cfg = tmp_path / "s.toml"
    cfg.write_text('[mesh]\nlevel = 2\n[energy.uniaxial]\nsigma = 2.0\n[dynamics]\n'
                   'alpha = 1.0\n[sweep]\nquantity = "stationary"\n[sweep.axes]\n'
                   '"energy.uniaxial.sigma" = [1.0, 2.0]\n')
    plan = json.loads(run_json_raw(capsys, "sweep", str(cfg), "-o", str(tmp_path / "o"),
                                   "--dry-run", "--set", "dynamics.alpha=0.5"))
    assert plan["points"] == 2 and plan["base"]["dynamics"]["alpha"] == 0.5
    assert not (tmp_path / "o").exists()
    outcome = json.loads(run_json_raw(capsys, "sweep", str(cfg), "-o", str(tmp_path / "o"),
                                      "--json"))
    assert outcome["computed"] == 2 and outcome["complete"]
    outcome = json.loads(run_json_raw(capsys, "sweep", str(cfg), "-o", str(tmp_path / "o"),
                                      "--json", "--overwrite"))
    assert outcome["computed"] == 2 and outcome["skipped"] == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep").write_text("")
    assert "no sweep.json" in error(capsys, "sweep", str(cfg), "-o", str(other), "--overwrite")
    assert "--unset 'sweep.nothing'" in error(capsys, "sweep", str(cfg), "-o", str(other),
                                             "--unset", "sweep.nothing")


# ------------------------------------------------- processes: pipes and signals
def _fpsphere(*argv, **kwargs):
    import subprocess
    import sys

    code = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
            "from fpsphere.cli import main; sys.exit(main(sys.argv[1:]))")
    return subprocess.Popen([sys.executable, "-c", code, *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def test_json_into_a_closed_pipe_exits_quietly():
    proc = _fpsphere("stack", "--json")
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


@pytest.mark.parametrize("signal_name, status", [("SIGINT", 130), ("SIGTERM", 143)])
def test_interrupted_run_leaves_nothing(tmp_path, signal_name, status):
    import signal
    import time

    out = tmp_path / "out"
    proc = _fpsphere("run", "-o", str(out), "--set", "outputs.spectrum=40", "--set",
                     "mesh.level=6")
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.*.tmp")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(getattr(signal, signal_name))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == status, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()
             and not line.startswith("fpsphere: warning:")]
    assert len(lines) == 1 and ("interrupted" in lines[0] or "terminated" in lines[0]), err
    assert list(tmp_path.iterdir()) == []
