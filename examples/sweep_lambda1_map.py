"""A lambda_1 map over barrier and damping, run as a resumable parameter sweep.

Runs ``examples/configs/sweep_lambda1_map.toml`` (a run config with a ``[sweep]``
table: sigma in {5, 10, 15} x alpha in {0.01, 0.1, 1, 10}, transverse field
h = 0.3) with :func:`fpsphere.sweep.run_config_sweep` and prints lambda_1 tau_N.
With a transverse field the rate depends on the damping, more strongly for higher
barriers (docs/conventions.md fact 4); the sigma = 10 row is the example
``relaxation_transverse_field``.  Writes the sweep (``sweep/``: table, checkpoints)
and ``lambda1_map.png`` (lambda_1 against alpha, one line per sigma) into the output
folder.  Runs in a few seconds.

    python examples/sweep_lambda1_map.py [OUT]
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fpsphere.plot import run_example
from fpsphere.sweep import run_config_sweep

CONFIG = Path(__file__).resolve().parent / "configs" / "sweep_lambda1_map.toml"


def main(outdir=None, workers=None, show=True):
    """The sweep's table; with ``outdir``, the sweep folder ``outdir/sweep`` and
    ``lambda1_map.png`` stay there (None: the sweep runs in a temporary folder,
    removed afterwards)."""
    if outdir is None:
        with tempfile.TemporaryDirectory() as scratch:
            table = run_config_sweep(CONFIG, scratch, workers=workers, progress=show).table
    else:
        table = run_config_sweep(CONFIG, Path(outdir) / "sweep", workers=workers,
                                 progress=show).table
    if show:
        print(f"{'sigma':>6} {'alpha':>7} {'lambda_1 tau_N':>15}")
        for sigma, alpha, rate in zip(table["energy.uniaxial.sigma"], table["dynamics.alpha"],
                                      table["lambda1"], strict=True):
            print(f"{sigma:6g} {alpha:7g} {rate:15.6g}")
    if outdir is not None:
        from fpsphere.plot import save_figure
        from fpsphere.sweep import plot_lines

        ax = plot_lines(table, "lambda1", "dynamics.alpha", logx=True, logy=True)
        save_figure(ax.figure, Path(outdir) / "lambda1_map.png", dpi=120)
    return table


if __name__ == "__main__":
    run_example(main, __doc__)
