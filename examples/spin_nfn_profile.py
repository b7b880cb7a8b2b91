"""Spin accumulation through an N/F/N junction (the article's Figure 2).

A ferromagnetic layer (β = 0.5) between two normal leads, all with the same
spin-diffusion length l_sf = 20 nm and an F thickness equal to l_sf, carrying a
current density of 10¹⁰ A/m² along +x. The plot shows Δμ/e = (μ↑ − μ↓)/e: it
peaks with opposite signs at the two interfaces (spin injection on one side,
extraction on the other) and decays over l_sf into the leads.

Writes ``spin_nfn_profile.png`` into the output folder (never into
``docs/images/``); importing this module does nothing.

    python examples/spin_nfn_profile.py [OUT]
"""

from __future__ import annotations

from pathlib import Path

from fpsphere import spin
from fpsphere.plot import run_example

LSF = 20e-9
"""Common spin-diffusion length of both metals (m)."""

NORMAL = spin.Material("N", resistivity=20e-9, beta=0.0, lsf=LSF)
FERRO = spin.Material("F", resistivity=100e-9, beta=0.5, lsf=LSF)
CURRENT_DENSITY = 1e10  # A/m²


def nfn_stack(lead: float = 10 * LSF, ferro: float = LSF) -> spin.Stack:
    """The N/F/N junction: two leads of ``lead`` and an F layer of ``ferro`` (m)."""
    return spin.Stack([spin.Layer(NORMAL, lead), spin.Layer(FERRO, ferro),
                       spin.Layer(NORMAL, lead)])


def main(show: bool = False, path: str | Path | None = None,
         outdir: str | Path | None = None) -> spin.TwoChannelSolution:
    """Solve the junction; plot Δμ/e to ``path`` and/or ``outdir/spin_nfn_profile.png``
    if given (nothing is written otherwise); ``show``: print ``R_ne``.

    Returns
    -------
    TwoChannelSolution
        The solution (``r_ne`` in Ω·m²).
    """
    stack = nfn_stack()
    sol = stack.solve(CURRENT_DENSITY, points=4000)
    if show:
        print(f"R_ne = {sol.r_ne:.4e} Ohm m^2; Delta mu/e peaks at "
              f"{abs(sol.delta_mu).max() * 1e6:.3g} uV")
    targets = [Path(p) for p in (path,) if p is not None]
    if outdir is not None:
        targets.append(Path(outdir) / "spin_nfn_profile.png")
    if not targets:
        return sol
    from fpsphere.plot import new_axes, save_figure

    ax = new_axes(figsize=(6, 3.5))
    center = stack.layers[0].thickness + 0.5 * stack.layers[1].thickness
    x_nm = (sol.x - center) * 1e9
    ax.axvspan(-0.5 * LSF * 1e9, 0.5 * LSF * 1e9, color="0.9", label="F")
    ax.plot(x_nm, sol.delta_mu * 1e6, color="C0")
    ax.axhline(0.0, color="0.5", lw=0.5)
    ax.set_xlim(-5 * LSF * 1e9, 5 * LSF * 1e9)
    ax.set_xlabel("x (nm)")
    ax.set_ylabel(r"$\Delta\mu/e$ ($\mu$V)")
    ax.set_title(f"N/F/N, $l_{{sf}}$ = {LSF * 1e9:g} nm in both, "
                 f"$R_{{ne}}$ = {sol.r_ne * 1e15:.3f} f$\\Omega$m$^2$", fontsize=9)
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        save_figure(ax.figure, target, dpi=120)
    return sol


if __name__ == "__main__":
    run_example(main, __doc__)
