"""The configuration a command line describes: ``CONFIG``, ``--set``, ``--unset`` and, for
a job's own command, the overrides that run that job alone.

Used by :mod:`fpsphere.cli` (the job commands) and :mod:`fpsphere.sweep.cli`; it sits
in the jobs layer so that both front doors import it downwards.  ``args`` is an
``argparse.Namespace`` with ``config`` (a path or None: the built-in example),
``set`` and ``unset`` (lists or None), optionally ``error_estimate`` and ``job``.
Errors are :class:`~fpsphere.errors.ConfigError` naming the option and its value.
"""

from __future__ import annotations

import argparse
import tomllib

from fpsphere.errors import ConfigError

__all__ = ["job_config", "read_config_data", "unset_key"]


def _value(text: str) -> object:
    """A ``--set`` value: TOML syntax (``2.5``, ``true``, ``[1, 0, 1]``), else a string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def unset_key(data: dict, key: str) -> None:
    """Remove the dotted ``key`` (a value or a whole table) from ``data``, or ConfigError."""
    *head, last = key.split(".")
    table = data
    for part in head:
        table = table.get(part) if isinstance(table, dict) else None
    if not isinstance(table, dict) or last not in table:
        raise ConfigError(f"--unset {key!r} is not allowed: the configuration has no such key "
                          "(expected a dotted key that is set, e.g. --unset spin_transfer)")
    del table[last]


def read_config_data(args: argparse.Namespace):
    """``(data, text, source, base_dir)`` of CONFIG with ``--set``/``--unset`` applied."""
    from pathlib import Path

    from fpsphere import config

    if args.config is None:
        data, text = config.default_toml()
        source, base_dir = config.core.DEFAULT_SOURCE, None
    else:
        data, text = config.read_toml(args.config)
        source, base_dir = str(args.config), Path(args.config).resolve().parent
    for item in args.set or ():
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set {item!r} is not allowed: expected KEY=VALUE, e.g. "
                              "--set energy.zeeman.xi=2.0")
        config.set_key(data, key.strip(), _value(raw.strip()))
    for key in args.unset or ():
        unset_key(data, key.strip())
    if getattr(args, "error_estimate", False):
        config.set_key(data, "mesh.error_estimate", True)
    return data, text, source, base_dir


def job_config(args: argparse.Namespace):
    """The configuration a job command runs: ``args.job`` alone (None: every job)."""
    from fpsphere import config
    from fpsphere.jobs import JOBS
    from fpsphere.jobs.registry import job_overrides

    data, text, source, base_dir = read_config_data(args)
    job = JOBS[args.job] if args.job else None
    command = job.command if job is not None else None
    if command is not None:
        own = command.overrides(args) if command.overrides else {}
        changes, drop = job_overrides(job.name)
        for table in (*drop, *command.drop):
            data.pop(table, None)
        first = job.outputs[0] if job.outputs else None
        if first is not None and first.on is not None:
            changes[f"outputs.{first.name}"] = first.on
        changes.update({k: v for k, v in own.items() if v is not None})
        for key, value in changes.items():
            config.set_key(data, key, value)
        if command.require is not None and command.require not in data:
            raise ConfigError(f"{source} has no [{command.require}] table: {command.hint}")
    cfg = config.parse(data, source, base_dir=base_dir, text=text)
    if command is not None and command.finish is not None:
        cfg = command.finish(args, cfg)
    return cfg
