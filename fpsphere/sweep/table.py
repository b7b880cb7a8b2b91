"""The tidy table of a sweep: one row per point, one column per parameter or result.

Columns, in order: ``index`` (position in sweep order), ``key`` (the point's
hash), the swept parameters (dotted names), the results (``nan`` where a point
failed), ``status`` (``"ok"``/``"error"``), ``error`` (``"Type: message"``) and
``elapsed`` (seconds of compute).  Two files, written by :func:`write_csv` and
:func:`write_npz`, each read back exactly by :func:`read_csv` / :func:`read_npz`:

* ``results.csv``: for spreadsheets, pandas and eyes; floats written with
  ``repr`` so that they read back bit for bit;
* ``results.npz``: typed numpy columns (no pickle) plus, for a complete or
  partial product sweep, the results on the grid (``grid:<result>``, shape of the
  axes, ``nan`` where missing) with the axis values (``axis:<key>``): a heat map is
  one ``np.load`` away.  See ``docs/how-to/sweeps.md`` for why these two formats.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.sweep.axes import Axis
from fpsphere.sweep.worker import PointResult

__all__ = ["SweepTable", "grid_arrays", "read_csv", "read_npz", "write_csv", "write_npz"]


@dataclass(frozen=True, eq=False)
class SweepTable:
    """Column-oriented tidy table of a sweep.

    Attributes
    ----------
    params : names of the parameter columns (axis order).
    results : names of the result columns (order of first appearance).
    columns : ``{name: (n_rows,) array}`` for ``index``, ``key``, params, results,
        ``status``, ``error``, ``elapsed``; integers stay ``int64``, strings ``str``.
    """

    params: tuple[str, ...]
    results: tuple[str, ...]
    columns: dict[str, np.ndarray]

    @classmethod
    def from_results(cls, results: Sequence[PointResult],
                     params: Sequence[str]) -> SweepTable:
        """The table of ``results`` (any order) sorted by point index."""
        rows = sorted(results, key=lambda r: r.index)
        names: dict[str, None] = {}
        for row in rows:
            names.update(dict.fromkeys(row.values))
        columns = {"index": np.array([r.index for r in rows], dtype=np.int64),
                   "key": np.array([r.key for r in rows], dtype=str)}
        for name in params:
            columns[name] = _numbers([r.params[name] for r in rows])
        for name in names:
            columns[name] = np.array([r.values.get(name, np.nan) for r in rows], dtype=float)
        columns["status"] = np.array([r.status for r in rows], dtype=str)
        columns["error"] = np.array([r.error for r in rows], dtype=str)
        columns["elapsed"] = np.array([r.elapsed for r in rows], dtype=float)
        return cls(tuple(params), tuple(names), columns)

    def __repr__(self) -> str:
        return (f"SweepTable({len(self)} rows, params={list(self.params)}, "
                f"results={list(self.results)}, failed={self.n_failed})")

    @property
    def names(self) -> tuple[str, ...]:
        """Every column name, in table order."""
        return tuple(self.columns)

    def __len__(self) -> int:
        return len(self.columns["index"])

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.columns:
            raise ParameterError(f"column {name!r} is not in the table: expected one of "
                                 f"{list(self.columns)}")
        return self.columns[name]

    def rows(self, exclude: Sequence[str] = ()) -> list[tuple]:
        """Every row as a tuple of Python values (columns in :attr:`names` order)."""
        names = [n for n in self.names if n not in exclude]
        return [tuple(self.columns[n][k].item() for n in names) for k in range(len(self))]

    @property
    def n_failed(self) -> int:
        """Number of rows whose status is ``"error"``."""
        return int(np.count_nonzero(self.columns["status"] == "error"))


def _numbers(values: list) -> np.ndarray:
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return np.array(values, dtype=np.int64)
    return np.array(values, dtype=float)


def _text(value) -> str:
    return repr(float(value)) if isinstance(value, float | np.floating) else str(value)


def write_csv(table: SweepTable, path: str | Path) -> None:
    """Write the table as CSV (header row, floats in ``repr``)."""
    with Path(path).open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(table.names)
        for k in range(len(table)):
            writer.writerow([_text(table.columns[n][k].item()) for n in table.names])


def read_csv(path: str | Path, params: Sequence[str]) -> SweepTable:
    """Read a table written by :func:`write_csv`; ``params`` names the parameter columns."""
    with Path(path).open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        cells = list(reader)
    raw = {name: [row[k] for row in cells] for k, name in enumerate(header)}
    strings = ("key", "status", "error")
    results = tuple(n for n in header if n not in (*strings, "index", "elapsed", *params))
    columns = {}
    for name in header:
        if name in strings:
            columns[name] = np.array(raw[name], dtype=str)
        elif all(_is_int_text(v) for v in raw[name]):
            columns[name] = np.array([int(v) for v in raw[name]], dtype=np.int64)
        else:
            columns[name] = np.array([float(v) for v in raw[name]], dtype=float)
    return SweepTable(tuple(params), results, columns)


def _is_int_text(text: str) -> bool:
    return text.lstrip("-").isdigit()


def write_npz(table: SweepTable, path: str | Path, *, grid: dict | None = None) -> None:
    """Write the typed columns (and optional ``grid`` arrays) to an ``.npz`` file.

    ``grid`` maps extra array names (``"grid:lambda_1"``, ``"axis:dynamics.alpha"``)
    to arrays; see :func:`grid_arrays`.
    """
    meta = {"params": list(table.params), "results": list(table.results),
            "columns": list(table.names)}
    arrays = {f"column:{name}": values for name, values in table.columns.items()}
    arrays.update(grid or {})
    np.savez(path, meta=np.array(json.dumps(meta)), **arrays)


def grid_arrays(table: SweepTable, axes: Sequence[Axis]) -> dict[str, np.ndarray]:
    """The results of a product sweep on its grid: ``grid:<result>`` of the axes' shape
    (first axis first, ``nan`` where a point is missing or failed) and ``axis:<key>``."""
    shape = tuple(len(axis) for axis in axes)
    arrays = {f"axis:{axis.key}": np.asarray(axis.values) for axis in axes}
    index = table.columns["index"]
    for name in table.results:
        flat = np.full(int(np.prod(shape)), np.nan)
        flat[index] = table.columns[name]
        arrays[f"grid:{name}"] = flat.reshape(shape)
    return arrays


def read_npz(path: str | Path) -> SweepTable:
    """Read the table of an ``.npz`` written by :func:`write_npz`."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        columns = {name: data[f"column:{name}"] for name in meta["columns"]}
    return SweepTable(tuple(meta["params"]), tuple(meta["results"]), columns)
