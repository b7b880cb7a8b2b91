"""Write-error rate of a spin-valve MRAM cell versus pulse duration, from the stack.

The whole chain of the article's section 6: a Co(20 nm)/Cu(5 nm)/Py(3 nm) pillar of
50 nm diameter; the 1D vector spin-accumulation solver gives the spin current the
Py free layer absorbs at every angle, ``StackTorque`` turns it into the damping-like
potential chi~ (S-20 ... S-22), and the Fokker-Planck equation gives the
probability of not having switched after a pulse, for three current densities.
The free layer: barrier sigma = 40 along z (the stack's axis), alpha = 0.01.
Electrons flow from the fixed into the free layer (J < 0) and switch it from
antiparallel (down) to parallel (up).  The collinear geometry uses the axis-aligned
latitude-longitude mesh.  Writes ``wer_stack.png`` into the output folder.

    python examples/write_error_rate_stack.py [OUT] [--quick]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import fpsphere as fp
from fpsphere import spin
from fpsphere.coupling import StackTorque
from fpsphere.plot import run_example
from fpsphere.studies import Device, critical_currents, write_error_rate

QUICK = {"n_rings": 30}


def main(n_rings=60, densities=(-0.6e11, -0.8e11, -1.0e11), show=True, outdir=None):
    """``(zero-temperature critical current density (A/m^2), WER table)``; with
    ``outdir``, also ``wer_stack.png`` there."""
    cu, co, py = spin.material("Cu"), spin.material("Co"), spin.material("Py")
    stack = spin.Stack([spin.Layer(cu, 100e-9), spin.Layer(co, 20e-9), spin.Layer(cu, 5e-9),
                        spin.Layer(py, 3e-9), spin.Layer(cu, 100e-9)])
    source = StackTorque(stack, free_layer=3, area=np.pi / 4 * (50e-9) ** 2, points=600)
    alpha = 0.01
    # the potentials are linear in J: compute them once per 1e11 A/m^2, scale per point
    chi, _ = source.potentials(1e11, alpha)
    device = Device(fp.latlon(n_rings), fp.Uniaxial(sigma=40.0), alpha, chi=chi)
    units = np.asarray(densities) / 1e11
    j_c = critical_currents(device, [0.0], i_max=-5.0, start=(0, 0, -1)).currents[0] * 1e11
    table = write_error_rate(device, units, np.linspace(0.02, 0.6, 20), start=(0, 0, -1),
                             progress=show)
    if show:
        print(f"zero-temperature critical current density: {j_c:.3e} A/m^2")
        for j, wer in zip(densities, table.error_rate, strict=True):
            print(f"J = {j:.2e} A/m^2: WER {wer[0]:.3f} -> {wer[-1]:.3e}")
    if outdir is not None:
        ax = table.plot()
        ax.legend([f"J = {j:.1e} A/m²" for j in densities], fontsize="small",
                  title="current density")
        ax.set_title(f"Co/Cu/Py pillar, sigma = 40, alpha = 0.01, latlon({n_rings})",
                     fontsize="small")
        from fpsphere.plot import save_figure

        save_figure(ax.figure, Path(outdir) / "wer_stack.png")
    return j_c, table


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
