"""A lambda_1 map over barrier and damping, run as a resumable parameter sweep.

Runs ``examples/configs/sweep_lambda1_map.toml`` (a run config with a ``[sweep]``
table: sigma in {5, 10, 15} x alpha in {0.01, 0.1, 1, 10}, transverse field
h = 0.3) with :func:`fpsphere.sweep.run_config_sweep` and prints lambda_1 tau_N.
With a transverse field the rate depends on the damping, more strongly for higher
barriers (docs/conventions.md fact 4); the sigma = 10 row is the example
``relaxation_transverse_field``.  Saves ``lambda1_map.png`` (lambda_1 against
alpha, one line per sigma) when run as a script.  Runs in a few seconds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fpsphere.sweep import run_config_sweep

CONFIG = Path(__file__).resolve().parent / "configs" / "sweep_lambda1_map.toml"


def main(outdir=None, workers=None, show=True, path=None):
    with tempfile.TemporaryDirectory() as scratch:
        outcome = run_config_sweep(CONFIG, outdir or scratch, workers=workers, progress=show)
    table = outcome.table
    if show:
        print(f"{'sigma':>6} {'alpha':>7} {'lambda_1 tau_N':>15}")
        for sigma, alpha, rate in zip(table["energy.uniaxial.sigma"], table["dynamics.alpha"],
                                      table["lambda1"], strict=True):
            print(f"{sigma:6g} {alpha:7g} {rate:15.6g}")
    if path:
        from fpsphere.sweep import plot_lines

        ax = plot_lines(table, "lambda1", "dynamics.alpha", logx=True, logy=True)
        ax.figure.savefig(path, dpi=120, bbox_inches="tight")
    return table


if __name__ == "__main__":
    main(path="lambda1_map.png")
