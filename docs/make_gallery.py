"""Make the pictures of docs/gallery.md: ``python docs/make_gallery.py [NAME ...]``.

Writes ``docs/images/gallery_<name>.png`` (headless: matplotlib's Agg, VTK off-screen
with a matplotlib fallback) and prints the numbers quoted in the gallery.  All
figures together take about a minute on two cores; ``NAME`` picks some of them
(``python docs/make_gallery.py --list``).  Units: energies in kT, time in tau_N.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import fpsphere as fp  # noqa: E402
from fpsphere import plot, spin  # noqa: E402
from fpsphere.studies import Device, hysteresis_loop, write_error_rate  # noqa: E402

IMAGES = Path(__file__).resolve().parent / "images"
DPI = 100


def _save(fig: Figure, name: str) -> Path:
    path = IMAGES / f"gallery_{name}.png"
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    return path


def _oscillator_model(kappa: float = 8.0, level: int = 5) -> fp.FokkerPlanck:
    """Easy plane (sigma_p = 10, normal z), in-plane easy axis x (sigma = 2), a polarizer
    along z pulling the moment out of the plane (chi~ = +kappa u_z), alpha = 0.3."""
    energy = fp.EasyPlane(10.0) + fp.Uniaxial(2.0, (1.0, 0.0, 0.0))
    chi = fp.Polarizer(kappa) if kappa else None
    return fp.FokkerPlanck(fp.icosphere(level), energy, 0.3, chi=chi)


def stationary_current() -> Path:
    """A non-equilibrium stationary density with its circulating probability current."""
    model = _oscillator_model()
    mesh, rho = model.mesh, model.stationary()
    current = fp.observables.current_vectors(model.generator, rho)
    mean = fp.observables.mean_moment(mesh, rho)
    print(f"  <u> = {np.round(mean, 3)}, entropy production "
          f"{fp.observables.entropy_production(model.generator, rho):.2f} k_B/tau_N")
    path = IMAGES / "gallery_stationary_current.png"
    done = plot.render_sphere(mesh, rho, path, current=current, n_arrows=300, view=(30, -50),
                              window_size=(600, 480), label="rho [1/sr]",
                              title="easy plane + torque out of the plane")
    print(f"  drawn with {done.engine}")
    return path


def mollweide() -> Path:
    """The same state and its equilibrium reference as Mollweide maps (log scale)."""
    states = ((_oscillator_model(0.0), "equilibrium (no torque): exp(-U)/Z"),
              (_oscillator_model(), "stationary state with chi = +8 u_z"))
    rhos = [model.stationary() for model, _ in states]
    low, high = min(r.min() for r in rhos), max(r.max() for r in rhos)
    fig = Figure(figsize=(11.0, 3.6))
    for k, ((model, title), rho) in enumerate(zip(states, rhos, strict=True)):
        ax = fig.add_subplot(1, 2, k + 1, projection="mollweide")
        plot.plot_map(model.mesh, rho, ax=ax, log=True, title=title, clim=(low, high))
    return _save(fig, "mollweide")


def relaxation_spectrum() -> Path:
    """lambda_1 against the barrier: spectrum, committor and Brown's asymptote."""
    mesh = fp.icosphere(6)
    up, down = ("cone", (0, 0, 1), 0.4), ("cone", (0, 0, -1), 0.4)
    low_sigmas = np.arange(0.0, 21.0, 2.0)
    rates = np.array([fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=s), 1.0).spectrum(4).real
                      for s in low_sigmas])
    sigmas = np.arange(4.0, 81.0, 4.0)
    committor = np.array([fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=s), 1.0)
                          .metastable_rates(up, down).lambda_1 for s in sigmas])
    fine = np.linspace(2.0, 80.0, 200)
    brown = np.array([fp.units.brown_rate(s) for s in fine])
    print(f"  lambda_1 tau_N at sigma = 60: {committor[sigmas == 60][0]:.4e} "
          f"(Brown {fp.units.brown_rate(60.0):.4e}), sigma = 80: {committor[-1]:.3e}")
    fig = Figure(figsize=(6.4, 4.4))
    ax = fig.add_subplot()
    for m, style in ((1, "o"), (2, "s"), (3, "^")):
        ax.semilogy(low_sigmas, rates[:, m], style, ms=4, mfc="none",
                    label=f"lambda_{m}, spectrum (shift-invert)")
    ax.semilogy(sigmas, committor, "k.", ms=7, label="lambda_1, committor")
    ax.semilogy(fine, brown, "r-", lw=1, label="Brown: (2/sqrt(pi)) sigma^1.5 exp(-sigma)")
    ax.set_xlabel("barrier sigma = K v / kT")
    ax.set_ylabel("relaxation rate (1/tau_N)")
    ax.set_title("uniaxial particle, h = 0, icosphere(6)")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small")
    return _save(fig, "relaxation_spectrum")


def write_error_rates() -> Path:
    """Write-error rate against pulse duration for four currents (kappa_c = 2 sigma = 40)."""
    device = Device(fp.latlon(80), fp.Uniaxial(sigma=20.0), 0.01, chi=fp.Polarizer(-1.0))
    currents = [50.0, 60.0, 70.0, 80.0]
    durations = np.linspace(0.02, 1.0, 50)
    table = write_error_rate(device, currents, durations, dt=2.5e-3)
    print(f"  WER at tau = 1: {', '.join(f'{w:.2e}' for w in table.error_rate[:, -1])}")
    fig = Figure(figsize=(6.4, 4.4))
    ax = fig.add_subplot()
    plot.plot_write_error_rate(durations, table.error_rate, currents=currents,
                               current_label="kappa", ax=ax,
                               title="sigma = 20, alpha = 0.01, latlon(80); kappa_c = 40")
    ax.set_ylim(1e-12, 1.5)
    ax.grid(True, which="major", alpha=0.3)
    return _save(fig, "write_error_rate")


def hysteresis() -> Path:
    """Thermal hysteresis loops under a damping-like current: shifted by the current."""
    device = Device(fp.latlon(24), fp.Uniaxial(sigma=15.0), 0.05, chi=fp.Polarizer(-1.0))
    fig = Figure(figsize=(6.4, 4.4))
    ax = fig.add_subplot()
    for current in (0.0, 5.0, 10.0):
        loop = hysteresis_loop(device, 50.0, 10.0, current=current, steps=100)
        print(f"  I = {current:4.1f}: shift {loop.shift:6.3f}, coercivity {loop.coercivity:6.3f}")
        line, = ax.plot(loop.fields_down, loop.m_down, "-",
                        label=f"kappa = {current:g}: shift {loop.shift:.2f}")
        ax.plot(loop.fields_up, loop.m_up, "--", color=line.get_color())
    ax.axhline(0.0, color="0.7", lw=0.5)
    ax.set_xlabel("field xi (kT)")
    ax.set_ylabel("<u.e_H>")
    ax.legend(fontsize="small")
    ax.set_title("sigma = 15, alpha = 0.05, sweep 10 kT/tau_N (down: -, up: --)")
    ax.grid(True, alpha=0.3)
    return _save(fig, "hysteresis")


def resonance_line() -> Path:
    """chi''(omega) for U = -xi u_z with field-like and damping-like torques along z."""
    mesh = fp.icosphere(4)
    xi, alpha = 6.0, 0.05
    omega = np.linspace(5.0, 110.0, 211)
    cases = (("no torque", None, None),
             ("field-like Phi = +2 u_z", None, fp.Polarizer(2.0)),
             ("damping-like chi = +1 u_z", fp.Polarizer(1.0), None))
    fig = Figure(figsize=(6.4, 4.4))
    ax = fig.add_subplot()
    for label, chi, phi in cases:
        model = fp.FokkerPlanck(mesh, fp.Zeeman(xi), alpha, chi=chi, phi=phi)
        response = model.susceptibility(omega, direction=(1, 0, 0))
        omega_r, width = fp.observables.resonance(omega, response)
        print(f"  {label}: omega_r = {omega_r:.2f} rad/tau_N, FWHM = {width:.2f}")
        ax.plot(omega, -response.imag,
                label=f"{label}: omega_r = {omega_r:.1f}, FWHM = {width:.2f}")
    ax.set_xlabel("omega (rad / tau_N)")
    ax.set_ylabel("chi'' of u_x (per kT)")
    ax.set_title(f"xi = {xi:g}, alpha = {alpha:g}: precession at xi/(2 alpha) = 60")
    ax.legend(fontsize="small")
    ax.grid(True, alpha=0.3)
    return _save(fig, "resonance_line")


def spin_accumulation() -> Path:
    """The article's Figure 2 (N/F/N) and the torque on a free layer versus its angle."""
    normal = spin.Material("N", resistivity=20e-9, beta=0.0, lsf=20e-9)
    ferro = spin.Material("F", resistivity=100e-9, beta=0.5, lsf=20e-9)
    nfn = spin.Stack([spin.Layer(normal, 200e-9), spin.Layer(ferro, 20e-9),
                      spin.Layer(normal, 200e-9)])
    sol = nfn.solve(1e10, points=4000)
    print(f"  N/F/N: R_ne = {sol.r_ne * 1e15:.3f} fOhm m^2")
    cu, co, py = spin.material("Cu"), spin.material("Co"), spin.material("Py")
    valve = spin.Stack([spin.Layer(cu, 100e-9), spin.Layer(co, 20e-9), spin.Layer(cu, 5e-9),
                        spin.Layer(py.replace(l_perp=1e-9, l_j=2e-9), 3e-9),
                        spin.Layer(cu, 100e-9)])
    angles = np.linspace(0.0, np.pi, 61)
    sweep = valve.sweep_angle(3, angles, -1e11, points=600)
    fig = Figure(figsize=(11.0, 3.8))
    left, right = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    plot.plot_spin_profile(sol, ax=left,
                           title="N/F/N, l_sf = t_F = 20 nm, beta = 0.5, J = 1e10 A/m^2")
    left.set_xlim(120.0, 300.0)  # nm: 3 l_sf on each side of F (the leads are 10 l_sf)
    for x, name in ((150.0, "N"), (210.0, "F"), (270.0, "N")):
        left.text(x, 0.97, name, ha="center", va="top", transform=left.get_xaxis_transform())
    right.plot(np.degrees(angles), sweep.in_plane / 1e9, label="in plane (damping-like)")
    right.plot(np.degrees(angles), sweep.out_of_plane / 1e9, label="out of plane (field-like)")
    right.set_xlabel("angle between free (Py 3 nm) and fixed (Co 20 nm) layer (deg)")
    right.set_ylabel("absorbed spin current (1e9 A/m^2)")
    right.set_title("Co/Cu/Py valve, J = -1e11 A/m^2 (vector model)")
    right.legend(fontsize="small")
    right.grid(True, alpha=0.3)
    return _save(fig, "spin_accumulation")


FIGURES = {f.__name__: f for f in (stationary_current, mollweide, relaxation_spectrum,
                                   write_error_rates, hysteresis, resonance_line,
                                   spin_accumulation)}


def main(names=None) -> list[Path]:
    IMAGES.mkdir(exist_ok=True)
    written = []
    for name in names or FIGURES:
        start = time.perf_counter()
        print(f"{name}:")
        path = FIGURES[name]()
        size = path.stat().st_size / 1e3
        print(f"  wrote {path.relative_to(IMAGES.parent)} ({size:.0f} kB) in "
              f"{time.perf_counter() - start:.1f} s")
        written.append(path)
    return written


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--list"]:
        print("\n".join(FIGURES))
    else:
        unknown = [a for a in args if a not in FIGURES]
        if unknown:
            sys.exit(f"unknown figure(s) {unknown}: expected some of {list(FIGURES)}")
        main(args)
