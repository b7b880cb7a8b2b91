"""Regenerate the figures of README.md and docs/ that are not the gallery's.

    python docs/make_figures.py                 # all of them
    python docs/make_figures.py spin_nfn_profile demo_density   # some

``demo_density.png`` is drawn here; the others are written by the examples of the
same name (``examples/NAME.py``), whose ``main(show=False, outdir=...)`` is called
with ``docs/images`` as the output folder (the examples themselves write only into
the folder they are given).  The gallery's figures are ``docs/make_gallery.py``'s.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
EXAMPLES = ROOT / "examples"

#: the examples whose figure (``NAME.png``) the docs show
EXAMPLE_FIGURES = ("spin_nfn_profile", "stationary_spin_torque", "switching_pulse_latlon",
                   "switching_tilted_polarizer")
FIGURES = ("demo_density",) + EXAMPLE_FIGURES


def demo_density(outdir: Path) -> Path:
    """The stationary densities of the built-in demo (README.md)."""
    import fpsphere as fp
    from fpsphere.demo import default_run
    from fpsphere.plot import plot_density

    cases = default_run(level=5, quiet=True)
    mesh = fp.icosphere(5)
    fig = plt.figure(figsize=(10, 4.5))
    for k, case in enumerate(cases):
        ax = fig.add_subplot(1, 2, k + 1, projection="3d")
        plot_density(mesh, case.rho, ax=ax, log=True, title=case.name)
    fig.suptitle("Stationary magnetization density: sigma = 20, field 45 deg, alpha = 0.02")
    path = outdir / "demo_density.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def load_example(name: str):
    """The module ``examples/NAME.py`` (imported from its file, not run as a script)."""
    spec = importlib.util.spec_from_file_location(f"fpsphere_example_{name}",
                                                  EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def example_figure(name: str, outdir: Path) -> Path:
    """Run ``examples/NAME.py``'s ``main(show=False, outdir=outdir)``; its figure is
    ``outdir/NAME.png``."""
    load_example(name).main(show=False, outdir=outdir)
    plt.close("all")
    path = outdir / f"{name}.png"
    if not path.is_file():
        raise RuntimeError(f"examples/{name}.py did not write {path.name} into {outdir}")
    return path


def make(name: str, outdir: Path = IMAGES) -> Path:
    """Draw the figure ``NAME.png`` into ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    if name == "demo_density":
        return demo_density(outdir)
    if name in EXAMPLE_FIGURES:
        return example_figure(name, outdir)
    raise ValueError(f"no figure {name!r}: expected one of {', '.join(FIGURES)}")


def main(argv: list[str] | None = None) -> list[Path]:
    names = list(argv if argv is not None else sys.argv[1:]) or list(FIGURES)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        raise SystemExit(f"make_figures.py: unknown figure(s) {unknown}: "
                         f"expected some of {', '.join(FIGURES)}")
    written = []
    for name in names:
        start = time.perf_counter()
        written.append(make(name))
        print(f"wrote {written[-1]} ({time.perf_counter() - start:.1f} s)")
    return written


if __name__ == "__main__":
    main()
