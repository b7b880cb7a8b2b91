"""Running a sweep in-process: tables, failures, checkpoint, resume, files."""

import json

import numpy as np
import pytest

from fpsphere.errors import ParameterError
from fpsphere.sweep import Axis, Sweep, linear, load_table, read_csv, read_npz, run_sweep
from fpsphere.sweep.checkpoint import Checkpoint
from tests.sweep.helpers import CountingCompute, fails_at_negative, offset_setup, polynomial


def small_sweep(**kwargs):
    return Sweep([linear("x", 0, 1, 3), Axis("n", (1, 2))], polynomial, **kwargs)


def test_table_has_one_row_per_point_with_params_results_and_status(tmp_path):
    outcome = run_sweep(small_sweep(), tmp_path, progress=False)
    table = outcome.table
    assert (outcome.computed, outcome.skipped, outcome.remaining) == (6, 0, 0)
    assert outcome.complete and outcome.failed == 0
    assert table.names == ("index", "key", "x", "n", "y", "z", "status", "error", "elapsed")
    assert table["n"].dtype == np.int64 and table["x"].dtype == float
    np.testing.assert_array_equal(table["y"], table["x"] ** 2 + table["n"])
    assert set(table["status"]) == {"ok"} and np.all(table["elapsed"] >= 0)
    assert {p.name for p in tmp_path.iterdir()} == {"sweep.json", "results.jsonl",
                                                    "results.csv", "results.npz"}
    manifest = json.loads((tmp_path / "sweep.json").read_text())
    assert manifest["axes"] == {"x": [0.0, 0.5, 1.0], "n": [1, 2]}
    assert manifest["n_points"] == 6


def test_setup_runs_once_per_group_and_is_shared(tmp_path):
    sweep = small_sweep(setup=offset_setup, group_by=("n",))
    table = run_sweep(sweep, tmp_path, progress=False).table
    np.testing.assert_array_equal(table["y"], table["x"] ** 2 + 11 * table["n"])


def test_failed_point_is_recorded_and_the_sweep_goes_on(tmp_path):
    sweep = Sweep([Axis("x", (-1.0, 0.0, 2.0))], fails_at_negative)
    outcome = run_sweep(sweep, tmp_path, progress=False)
    table = outcome.table
    assert outcome.complete and outcome.failed == 1
    assert list(table["status"]) == ["error", "ok", "ok"]
    assert table["error"][0] == "ValueError: x=-1.0 is negative"
    assert np.isnan(table["y"][0]) and list(table["y"][1:]) == [0.0, 2.0]
    record = json.loads((tmp_path / "results.jsonl").read_text().splitlines()[0])
    assert "Traceback" in record["traceback"] and "fails_at_negative" in record["traceback"]


def test_failed_setup_fails_its_group_only(tmp_path):
    def setup(group):
        if group["n"] == 2:
            raise RuntimeError("no mesh for n=2")
        return {"offset": 0.0}

    table = run_sweep(small_sweep(setup=setup, group_by=("n",)), tmp_path, progress=False).table
    failed = table["n"] == 2
    assert set(table["status"][failed]) == {"error"} and set(table["status"][~failed]) == {"ok"}
    assert set(table["error"][failed]) == {"setup failed: RuntimeError: no mesh for n=2"}


@pytest.mark.parametrize(("output", "message"), [
    (lambda p, s: [1.0], "compute returned list: expected a mapping"),
    (lambda p, s: {"y": "big"}, "compute returned y='big': expected a real number"),
    (lambda p, s: {"x": 1.0}, "result name 'x', which is a parameter"),
    (lambda p, s: {"status": 1.0}, "reserved columns"),
])
def test_bad_compute_output_is_a_failed_point(tmp_path, output, message):
    table = run_sweep(Sweep([Axis("x", (1.0,))], output), tmp_path, progress=False).table
    assert message in table["error"][0]


def test_interrupted_sweep_resumes_without_recomputing(tmp_path):
    calls = tmp_path / "calls"
    calls.mkdir()
    axes = [linear("x", 0, 1, 7)]
    with pytest.raises(KeyboardInterrupt):
        run_sweep(Sweep(axes, CountingCompute(str(calls), stop_after=3), context="c"),
                  tmp_path / "out", progress=False)
    assert len(Checkpoint(tmp_path / "out" / "results.jsonl").load()) == 3
    outcome = run_sweep(Sweep(axes, CountingCompute(str(calls)), context="c"),
                        tmp_path / "out", progress=False)
    assert (outcome.computed, outcome.skipped) == (4, 3) and outcome.complete
    assert len(list(calls.iterdir())) == 7  # each point computed exactly once
    np.testing.assert_array_equal(outcome.table["y"], 2 * outcome.table["x"])


def test_max_points_stops_early_and_a_rerun_finishes(tmp_path):
    calls = tmp_path / "calls"
    calls.mkdir()
    sweep = Sweep([linear("x", 0, 1, 5)], CountingCompute(str(calls)))
    first = run_sweep(sweep, tmp_path / "out", progress=False, max_points=2)
    assert (first.computed, first.remaining, len(first.table)) == (2, 3, 2)
    assert not first.complete
    second = run_sweep(sweep, tmp_path / "out", progress=False)
    assert (second.computed, second.skipped, second.remaining) == (3, 2, 0)
    again = run_sweep(sweep, tmp_path / "out", progress=False)
    assert again.computed == 0 and len(list(calls.iterdir())) == 5


def test_errors_are_kept_unless_retried(tmp_path):
    sweep = Sweep([Axis("x", (-1.0, 1.0))], fails_at_negative, context="same")
    run_sweep(sweep, tmp_path, progress=False)
    assert run_sweep(sweep, tmp_path, progress=False).computed == 0
    fixed = Sweep([Axis("x", (-1.0, 1.0))], polynomial_of_x, context="same")
    outcome = run_sweep(fixed, tmp_path, progress=False, retry_errors=True)
    assert outcome.computed == 1 and outcome.failed == 0
    assert list(outcome.table["y"]) == [-1.0, 1.0]


def polynomial_of_x(params, shared):
    return {"y": params["x"]}


def test_truncated_last_line_is_ignored(tmp_path):
    sweep = Sweep([linear("x", 0, 1, 3)], polynomial_of_x)
    run_sweep(sweep, tmp_path, progress=False)
    path = tmp_path / "results.jsonl"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:2]) + "\n" + lines[2][:25])  # killed mid-line
    with pytest.warns(UserWarning, match="incomplete last line 3"):
        outcome = run_sweep(sweep, tmp_path, progress=False)
    assert outcome.computed == 1 and len(outcome.table) == 3
    assert len(Checkpoint(path).load()) == 3


def test_another_context_recomputes_and_old_rows_stay_out(tmp_path):
    run_sweep(Sweep([Axis("x", (1.0, 2.0))], polynomial_of_x, context="a"), tmp_path,
              progress=False)
    outcome = run_sweep(Sweep([Axis("x", (2.0, 3.0))], polynomial_of_x, context="b"), tmp_path,
                        progress=False)
    assert outcome.computed == 2 and list(outcome.table["x"]) == [2.0, 3.0]


def test_csv_and_npz_read_back_exactly(tmp_path):
    sweep = Sweep([Axis("x", (-1.0, 0.1, 1 / 3)), Axis("n", (1, 2))], fails_at_negative)
    table = run_sweep(sweep, tmp_path, progress=False).table
    for other in (read_csv(tmp_path / "results.csv", params=("x", "n")),
                  read_npz(tmp_path / "results.npz"), load_table(tmp_path)):
        assert other.params == table.params and other.results == table.results
        assert other.names == table.names
        for name in table.names:
            np.testing.assert_array_equal(other[name], table[name])
            assert other[name].dtype.kind == table[name].dtype.kind


def test_npz_holds_the_product_grid(tmp_path):
    run_sweep(small_sweep(), tmp_path, progress=False, max_points=5)
    with np.load(tmp_path / "results.npz") as data:
        grid, x, n = data["grid:y"], data["axis:x"], data["axis:n"]
    assert grid.shape == (3, 2) and np.isnan(grid[2, 1])
    np.testing.assert_array_equal(grid[:2], x[:2, None] ** 2 + n[None, :])


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"workers": 0}, "workers=0"),
    ({"max_points": -1}, "max_points=-1"),
])
def test_bad_run_options(tmp_path, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        run_sweep(small_sweep(), tmp_path / "out", progress=False, **kwargs)
    assert not (tmp_path / "out").exists()


def test_load_table_without_a_run(tmp_path):
    with pytest.raises(ParameterError, match="holds no results.npz"):
        load_table(tmp_path)


def test_plot_helpers(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    table = run_sweep(small_sweep(), tmp_path, progress=False).table
    from fpsphere.sweep.plot import plot_lines, plot_map

    ax = plot_map(table, "y", "x", "n")
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "n"
    ax = plot_lines(table, "y", "x", logy=True)
    assert len(ax.get_lines()) == 2
    with pytest.raises(ParameterError, match="not a result"):
        plot_map(table, "w", "x", "n")
    with pytest.raises(ParameterError, match=r"where n=3 matches no row"):
        plot_lines(table, "y", "x", where={"n": 3})
