"""The append-only JSON-lines checkpoint of a sweep (``results.jsonl``).

One line per finished point, written and flushed as soon as the result reaches
the driver, so a killed sweep loses at most the points in flight.  A restarted
sweep reads the file and skips every point whose key is already there; a point
recorded twice (a retried failure) counts by its last line.  A truncated last
line (the process died while writing it) is ignored with a warning, and cut
before the next run appends.

Each line is a JSON object::

    {"key": "3f2a...", "index": 7, "params": {"dynamics.alpha": 0.1},
     "values": {"lambda_1": 0.52}, "status": "ok", "error": "", "elapsed": 1.93,
     "traceback": ""}

Non-finite results are written as the strings ``"nan"``, ``"inf"``, ``"-inf"``
so that the file stays standard JSON (``jq``, other languages).
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import TextIO

from fpsphere.errors import ConfigError
from fpsphere.sweep.worker import PointResult

__all__ = ["Checkpoint"]


def _encode(value: float) -> float | str:
    return value if math.isfinite(value) else repr(value)


def _record(result: PointResult) -> str:
    data = {"key": result.key, "index": result.index, "params": result.params,
            "values": {k: _encode(v) for k, v in result.values.items()},
            "status": result.status, "error": result.error, "elapsed": result.elapsed,
            "traceback": result.traceback}
    return json.dumps(data, allow_nan=False)


def _result(data: dict) -> PointResult:
    return PointResult(index=int(data["index"]), key=str(data["key"]), params=dict(data["params"]),
                       values={k: float(v) for k, v in data["values"].items()},
                       status=str(data["status"]), error=str(data.get("error", "")),
                       elapsed=float(data.get("elapsed", 0.0)),
                       traceback=str(data.get("traceback", "")))


class Checkpoint:
    """Reader and appender of one ``results.jsonl`` file.

    Parameters
    ----------
    path : the JSON-lines file (created on the first :meth:`append`).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._file: TextIO | None = None

    def load(self) -> dict[str, PointResult]:
        """``{key: last result}`` of every complete line of the file (empty if none)."""
        if not self.path.exists():
            return {}
        results: dict[str, PointResult] = {}
        lines = self.path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                result = _result(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                if number == len(lines):
                    warnings.warn(f"{self.path}: ignoring the incomplete last line {number} "
                                  "(the sweep was stopped while writing it)", stacklevel=2)
                    continue
                raise ConfigError(f"{self.path}: line {number} is not a sweep record ({exc}); "
                                  "the checkpoint is damaged: remove the line or the file") from exc
            results[result.key] = result
        return results

    def __enter__(self) -> Checkpoint:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._drop_partial_line()
        self._file = self.path.open("a", encoding="utf-8")
        return self

    def _drop_partial_line(self) -> None:
        """Cut an unterminated last line (a write interrupted by a kill) before appending."""
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            with self.path.open("r+b") as stream:
                stream.truncate(data.rfind(b"\n") + 1)

    def append(self, result: PointResult) -> None:
        """Write one result as a line and flush it to the operating system."""
        if self._file is None:
            raise RuntimeError("Checkpoint.append outside of 'with Checkpoint(path) as ...'")
        self._file.write(_record(result) + "\n")
        self._file.flush()

    def __exit__(self, *exc_info) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
