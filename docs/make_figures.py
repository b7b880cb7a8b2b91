"""Regenerate the figures of README.md and docs/ (python docs/make_figures.py)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import fpsphere as fp  # noqa: E402
from fpsphere.demo import default_run  # noqa: E402
from fpsphere.plot import plot_density  # noqa: E402

HERE = Path(__file__).resolve().parent / "images"


def main() -> None:
    HERE.mkdir(exist_ok=True)
    cases = default_run(level=5, quiet=True)
    mesh = fp.icosphere(5)
    fig = plt.figure(figsize=(10, 4.5))
    for k, case in enumerate(cases):
        ax = fig.add_subplot(1, 2, k + 1, projection="3d")
        plot_density(mesh, case.rho, ax=ax, log=True, title=case.name)
    fig.suptitle("Stationary magnetization density: sigma = 20, field 45 deg, alpha = 0.02")
    fig.savefig(HERE / "demo_density.png", dpi=110, bbox_inches="tight")
    print("wrote", HERE / "demo_density.png")


if __name__ == "__main__":
    main()
