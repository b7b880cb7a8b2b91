"""The ``stack`` job: the 1D spin-accumulation profile of ``[stack]`` (no sphere mesh).

``[outputs] stack`` (default true when ``[stack]`` is given).  Writes
``stack_profile.csv`` and ``stack.png``.  ``fpsphere stack --layers ...``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from fpsphere.errors import ConfigError
from fpsphere.jobs import figures, report, tasks
from fpsphere.jobs.registry import JOBS, Command, Job, OutputKey

__all__ = ["parse_layers"]


#: ``stack.model`` -> (CSV header, the columns of its solution)
PROFILE_COLUMNS = {
    "vector": ("x_m,layer,mu_mean_V,s_x_V,s_y_V,s_z_V,j_charge,js_x,js_y,js_z",
               lambda sol: [sol.x, sol.layer, sol.mu_mean, *sol.spin_accumulation.T,
                            sol.charge_current, *sol.spin_current.T]),
    "two_channel": ("x_m,layer,mu_mean_V,delta_mu_V,j_charge,j_spin",
                    lambda sol: [sol.x, sol.layer, sol.mu_mean, sol.delta_mu,
                                 sol.charge_current, sol.spin_current]),
}


def _run(ctx) -> dict:
    config, rec = ctx.config, ctx.rec
    sol = tasks.stack_solution(config)
    if rec.folder is not None:
        names, columns = PROFILE_COLUMNS[config.stack.model]
        cols = columns(sol)
        np.savetxt(rec.file("stack_profile.csv"), np.column_stack(cols), delimiter=",",
                   header=names, comments="")
    if rec.figures:
        figures.stack_figure(sol, [la.material.name for la in config.stack.layers],
                             rec.file("stack.png"))
    return {"model": config.stack.model, "current_density": sol.current_density,
            "resistance": sol.resistance, "plain_resistance": sol.plain_resistance,
            "r_ne": sol.r_ne, "layers": [la.material.name for la in config.stack.layers]}


def _read(table, given: frozenset[str]) -> bool:
    on = table.boolean("stack", "stack" in given)
    if on and "stack" not in given:
        raise ConfigError(f"{table.source}: outputs.stack = true needs a [stack] table")
    return on


def parse_layers(items: Sequence[str]) -> list[dict[str, object]]:
    """``--layers NAME:NM[:DEG] ...`` as ``[[stack.layers]]`` tables."""
    layers = []
    for item in items:
        parts = item.split(":")
        try:
            layer: dict[str, object] = {"material": parts[0],
                                        "thickness_nm": float(parts[1])}
            if len(parts) == 3:
                layer["angle_deg"] = float(parts[2])
            if len(parts) > 3 or not parts[0]:
                raise ValueError
        except (IndexError, ValueError) as err:
            raise ConfigError(f"--layers {item!r} is not allowed: expected "
                              "NAME:THICKNESS_NM[:ANGLE_DEG], e.g. Cu:200 Py:10:90") from err
        layers.append(layer)
    return layers


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--layers", nargs="+", metavar="NAME:NM[:DEG]",
                        help="layers of the table materials with thickness in nm (and angle "
                             "in degrees), e.g. --layers Cu:200 Py:10 Cu:200")
    parser.add_argument("--current-density", type=float, help="J0 in A/m^2")
    parser.add_argument("--model", choices=list(PROFILE_COLUMNS), help="transport model")
    parser.add_argument("--interfaces", choices=("tabulated", "transparent"),
                        help="interface resistances (default: CONFIG's or tabulated)")
    parser.add_argument("--points", type=int, help="about how many grid nodes")


def _overrides(args: argparse.Namespace) -> dict:
    out: dict[str, object] = {"stack.layers": parse_layers(args.layers) if args.layers else None}
    for key in ("current_density", "model", "interfaces", "points"):
        out[f"stack.{key}"] = getattr(args, key)
    return out


JOBS.add(Job(
    "stack", "the 1D spin accumulation, spin current and R_ne of a multilayer [stack]", _run,
    needs_mesh=False, outputs=(OutputKey("stack", _read),), report=report.stack_lines,
    command=Command("1D spin-accumulation profile of a multilayer",
                    "Only the [stack] of CONFIG (default: Cu/Py/Cu of the built-in "
                    "example): spin accumulation, spin current, R_ne.",
                    arguments=_arguments, overrides=_overrides, require="stack",
                    hint="give the layers with --layers NAME:NM [NAME:NM ...]",
                    drop=("protocol", "evolve"))))
