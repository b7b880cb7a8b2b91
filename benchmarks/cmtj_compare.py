"""Cross-code check against cmtj: the same cell in fpsphere and in cmtj.

cmtj (PyPI ``cmtj``, tested with 1.15) integrates the stochastic LLG of a macrospin
with Brown's thermal field (Heun steps, Stratonovich), one trajectory at a time, in
SI units.  This script maps reduced parameters (sigma, alpha, kappa, field xi,
polarizer) to one SI cell through :mod:`fpsphere.units` and compares, in order:

1. zero temperature, against :func:`fpsphere.llg.trajectories`: the critical torque
   of collinear STT (kappa_c = 2 sigma, from the decay rates of small deviations), the
   switching time of one trajectory, and for SOT the whole trajectory (damping-like
   and field-like torque, sign included) and the switching threshold;
2. thermal switching probabilities (write error rates ``P(u_z > 0)`` at the end of a
   pulse from the thermal up state) against the Fokker-Planck solution
   (:func:`fpsphere.studies.write_error_rate`), with binomial errors;
3. cmtj's cost per trajectory and its extrapolation to WER 1e-6 and 1e-9.

The mapping (docs/explanation/cmtj.md derives it): cmtj takes ``mu0 Ms`` in tesla, fields in A/m,
``gamma mu0`` as its gyromagnetic constant (set here to CODATA, so that tau_N is
fpsphere's), ``a_J = hbar J / (e mu0 Ms d)`` with ``eta = P / 2`` at ``lambda = 1``, so
``kappa = hbar P J A / (2 alpha e kT)``; its STT reference is the direction the current
favours, so ``chi~ = -kappa (u.p)`` is reference ``-p``.  Its SOT drivers are a
field-like field ``H_fl p`` and a damping-like torque ``-gamma mu0 H_dl u x (u x p)``
in the Gilbert equation; with ``h = mu0 Ms v H / kT``::

    chi~ = (h_dl / alpha + h_fl) (u.p),     Phi~ = (alpha h_dl - h_fl) (u.p).

Run: ``python benchmarks/cmtj_compare.py [--quick] [--workers 2]`` (needs the
``bench`` extra).  ``tests/test_cmtj.py`` imports the mapping from here.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import math
import multiprocessing
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import quad
from scipy.special import i0e

import fpsphere as fp
from fpsphere import units
from fpsphere.studies import Device, write_error_rate

EASY_AXIS = (0.0, 0.0, 1.0)
FIELD_AXIS = (1.0, 0.0, 0.0)


# --------------------------------------------------------------------------- the cell
@dataclass(frozen=True)
class Cell:
    """One SI free layer (a disc, easy axis z) carrying the reduced ``sigma`` and ``alpha``.

    ``K`` follows from ``sigma`` (:func:`fpsphere.units.anisotropy_constant`); ``Ms``,
    the size and the temperature only set the scales (seconds, A/m, A/m^2), not the
    reduced dynamics.  ``polarization`` is cmtj's ``spinPolarisation`` ``P``.
    """

    sigma: float
    alpha: float
    temperature: float = 300.0
    Ms: float = 1.0e6                 # A/m
    diameter: float = 20e-9           # m
    thickness: float = 1.5e-9         # m
    polarization: float = 0.5

    @property
    def area(self) -> float:
        return math.pi * self.diameter**2 / 4

    @property
    def volume(self) -> float:
        return self.area * self.thickness

    @property
    def K(self) -> float:
        """Uniaxial constant (J/m^3) of the barrier ``sigma``."""
        return units.anisotropy_constant(self.sigma, self.volume, self.temperature)

    @property
    def tau_N(self) -> float:
        """Neel time (s) with the CODATA electron gyromagnetic ratio."""
        return units.neel_time(self.Ms, self.volume, self.alpha, self.temperature)

    def field(self, xi: float) -> float:
        """The field (A/m) whose reduced Zeeman energy is ``xi`` (kT)."""
        return xi / units.xi(1.0, self.Ms, self.volume, self.temperature)

    def current_density(self, kappa: float) -> float:
        """cmtj's current density (A/m^2) for the reduced amplitude ``kappa``."""
        per_ampere = units.kappa(1.0, self.polarization, self.alpha, self.temperature)
        return kappa / per_ampere / self.area


@contextlib.contextmanager
def codata():
    """cmtj's physical constants set to fpsphere's (CODATA), restored on exit.

    cmtj's own gyromagnetic constant (2.2088e5 m/(A s)) is 0.18 % below
    ``gamma_e mu0``; with it the same cell would have a 0.18 % longer tau_N.
    """
    constants = _cmtj().constants.PhysicalConstants
    constants.set_gyromagnetic_ratio(units.GAMMA_E * units.MU_0)
    constants.set_magnetic_permeability(units.MU_0)
    constants.set_TtoAm(1.0 / units.MU_0)
    constants.set_hbar(units.HBAR)
    constants.set_elementary_charge(units.E_CHARGE)
    constants.set_boltzmann_constant(units.K_B)
    try:
        yield
    finally:
        constants.resetToDefaults()


def _cmtj():
    import cmtj

    return cmtj


# --------------------------------------------------------------------------- the torques
@dataclass(frozen=True)
class CollinearSTT:
    """``U = -sigma u_z^2``, ``chi~ = -kappa u_z`` (Slonczewski, constant efficiency)."""

    sigma: float
    alpha: float
    kappa: float

    name = "STT"
    xi = 0.0

    def energy(self):
        return fp.Uniaxial(self.sigma)

    def potentials(self):
        return fp.Polarizer(-self.kappa, EASY_AXIS), None

    def junction(self, cell: Cell):
        cmtj = _cmtj()
        layer = cmtj.Layer.createSTTLayer(
            "free", cmtj.CVector(*EASY_AXIS), cmtj.CVector(*EASY_AXIS), units.MU_0 * cell.Ms,
            cell.thickness, cell.area, _no_demag(), cell.alpha, 1.0, 0.0, cell.polarization)
        # cmtj's reference is the state the current favours: -p for chi~ = -kappa (u.p)
        layer.setReferenceLayer(cmtj.CVector(*(-np.asarray(EASY_AXIS))))
        junction = cmtj.Junction([layer])
        junction.setLayerAnisotropyDriver("free", cmtj.constantDriver(cell.K))
        junction.setLayerCurrentDriver("free", cmtj.constantDriver(cell.current_density(
            self.kappa)))
        return junction

    def label(self) -> str:
        return f"STT kappa={self.kappa:g} ({self.kappa / (2 * self.sigma):.2f} kappa_c)"


@dataclass(frozen=True)
class SpinOrbit:
    """``U = -sigma u_z^2 - xi u_x``, SOT along ``polarizer`` (perpendicular to z).

    ``h_dl``, ``h_fl``: cmtj's damping-like and field-like driver fields in kT
    (``mu0 Ms v H / kT``), Gilbert form; see :func:`sot_potentials`.
    """

    sigma: float
    alpha: float
    xi: float
    h_dl: float
    h_fl: float
    polarizer: tuple[float, float, float] = (0.0, -1.0, 0.0)

    name = "SOT"

    def energy(self):
        return fp.Uniaxial(self.sigma) + fp.Zeeman(self.xi, FIELD_AXIS)

    def potentials(self):
        return sot_potentials(self.alpha, self.h_dl, self.h_fl, self.polarizer)

    def junction(self, cell: Cell):
        cmtj = _cmtj()
        layer = cmtj.Layer("free", cmtj.CVector(*EASY_AXIS), cmtj.CVector(*EASY_AXIS),
                           units.MU_0 * cell.Ms, cell.thickness, cell.area, _no_demag(),
                           cell.alpha)
        layer.setReferenceLayer(cmtj.CVector(*self.polarizer))
        junction = cmtj.Junction([layer])
        junction.setLayerAnisotropyDriver("free", cmtj.constantDriver(cell.K))
        hx = cell.field(self.xi)
        junction.setLayerExternalFieldDriver("free", cmtj.AxialDriver(
            cmtj.constantDriver(hx * FIELD_AXIS[0]), cmtj.constantDriver(hx * FIELD_AXIS[1]),
            cmtj.constantDriver(hx * FIELD_AXIS[2])))
        junction.setLayerDampingLikeTorqueDriver("free", cmtj.constantDriver(
            cell.field(self.h_dl)))
        junction.setLayerFieldLikeTorqueDriver("free", cmtj.constantDriver(
            cell.field(self.h_fl)))
        return junction

    def label(self) -> str:
        return f"SOT xi={self.xi:g} h_dl={self.h_dl:g} h_fl={self.h_fl:g}"


def sot_potentials(alpha: float, h_dl: float, h_fl: float, polarizer):
    """fpsphere's ``(chi~, Phi~)`` of cmtj's SOT drivers (docs/explanation/cmtj.md).

    cmtj: ``du/dt = -gamma' u x (H + H_fl p) + alpha u x du/dt - gamma' H_dl u x (u x p)``
    (Gilbert form).  In the Landau-Lifshitz form the ``u x (u x p)`` part has
    ``H_dl + alpha H_fl`` and the ``u x p`` part ``H_fl - alpha H_dl``; matching them to
    ``(1/2) grad chi~`` and ``(1/(2 alpha)) u x grad Phi~`` (time in tau_N) gives the
    two potentials below.  A plain field (``h_dl = 0``) gives ``chi~ = -Phi~ = h_fl (u.p)``,
    the Zeeman energy in both, as it must.
    """
    p = tuple(float(x) for x in polarizer)
    return (fp.Polarizer(h_dl / alpha + h_fl, p), fp.Polarizer(alpha * h_dl - h_fl, p))


def _no_demag():
    cmtj = _cmtj()
    return [cmtj.CVector(0.0, 0.0, 0.0) for _ in range(3)]


# --------------------------------------------------------------------------- cmtj runs
def cmtj_path(case, cell: Cell, u0, duration: float, dt: float, every: float):
    """Zero-temperature cmtj trajectory (RK4): times (tau_N) and (n, 3) unit vectors.

    cmtj logs ``m`` after the step that starts at the logged time, so each sample
    is dated one step later than cmtj's label.
    """
    cmtj = _cmtj()
    with codata():
        junction = case.junction(cell)
        junction.setLayerMagnetisation("free", cmtj.CVector(*np.asarray(u0, dtype=float)))
        steps = int(round(duration / dt))
        step = dt * cell.tau_N
        junction.runSimulation((steps + 0.5) * step, step, every * cell.tau_N,
                               solverMode=cmtj.RK4)
        log = junction.getLog()
    times = np.asarray(log["time"]) / cell.tau_N + dt
    return times, np.stack([log["free_mx"], log["free_my"], log["free_mz"]], axis=1)


def thermal_starts(n: int, sigma: float, xi: float, rng) -> np.ndarray:
    """(n, 3) samples of ``exp(sigma u_z^2 + xi u_x)`` restricted to ``u_z > 0``.

    Exact up to the tabulated marginal of ``u_z`` (``exp(sigma z^2) I0(xi r)``,
    ``r = sqrt(1 - z^2)``, inverse CDF on 2e5 points); the azimuth given ``u_z`` is von
    Mises with concentration ``xi r``.  This is write_error_rate's initial state.
    """
    z = np.linspace(0.0, 1.0, 200_001)
    r = np.sqrt(1.0 - z * z)
    log_density = sigma * z * z + np.log(i0e(xi * r)) + xi * r
    density = np.exp(log_density - log_density.max())
    cdf = np.concatenate([[0.0], np.cumsum(0.5 * (density[1:] + density[:-1]) * np.diff(z))])
    zs = np.interp(rng.random(n), cdf / cdf[-1], z)
    rs = np.sqrt(1.0 - zs * zs)
    phi = rng.vonmises(0.0, xi * rs) if xi else rng.uniform(-np.pi, np.pi, n)
    return np.stack([rs * np.cos(phi), rs * np.sin(phi), zs], axis=1)


def _thermal_batch(case, cell: Cell, starts: np.ndarray, durations: np.ndarray, dt: float,
                   grid: float, seed: int) -> tuple[np.ndarray, float]:
    """Still-up flags (n, len(durations)) of cmtj's Heun trajectories, and CPU seconds."""
    cmtj = _cmtj()
    clock = time.process_time()
    with codata():
        junction = case.junction(cell)
        junction.setLayerTemperatureDriver("free", cmtj.constantDriver(cell.temperature))
        junction.setLayerSeed("free", int(seed))
        every = int(round(grid / dt))
        steps = int(round(durations[-1] / dt)) + 1      # the last sample is one step late
        index = np.rint(durations / grid).astype(int)
        step = dt * cell.tau_N
        up = np.empty((starts.shape[0], durations.size), dtype=bool)
        for k, u0 in enumerate(starts):
            junction.setLayerMagnetisation("free", cmtj.CVector(*u0))
            junction.clearLog()
            junction.runSimulation((steps + 0.5) * step, step, every * step,
                                   solverMode=cmtj.Heun)
            up[k] = np.asarray(junction.getLog()["free_mz"])[index] > 0
    return up, time.process_time() - clock


@dataclass(frozen=True)
class Sampled:
    """cmtj's write error rates with their binomial standard errors."""

    durations: np.ndarray
    wer: np.ndarray
    n: int
    seconds_per_trajectory: float          # CPU

    @property
    def error(self) -> np.ndarray:
        p = np.clip(self.wer, 1.0 / self.n, None)       # 0 of n: at least 1/n
        return np.sqrt(p * (1 - p) / self.n)


def cmtj_wer(case, cell: Cell, durations, n: int, *, dt: float, grid: float, seed: int = 1,
             workers: int = 1, batches: int | None = None) -> Sampled:
    """``P(u_z > 0)`` after each duration (tau_N) from ``n`` cmtj trajectories.

    ``dt``: Heun step (tau_N); ``grid``: a duration spacing that divides every duration.
    """
    durations = np.asarray(durations, dtype=float)
    if np.any(np.abs(durations / grid - np.rint(durations / grid)) > 1e-9):
        raise ValueError(f"durations {durations} are not multiples of grid={grid}")
    rng = np.random.default_rng(seed)
    starts = thermal_starts(n, case.sigma, case.xi, rng)
    batches = batches or max(1, workers * 4)
    chunks = np.array_split(starts, batches)
    seeds = rng.integers(1, 2**31 - 1, size=batches)
    jobs = [(case, cell, chunk, durations, dt, grid, int(s)) for chunk, s in zip(chunks, seeds,
                                                                                  strict=True)]
    if workers > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = list(pool.map(_thermal_batch_star, jobs))
    else:
        results = [_thermal_batch(*job) for job in jobs]
    up = np.concatenate([r[0] for r in results])
    seconds = sum(r[1] for r in results)
    return Sampled(durations, up.mean(axis=0), n, seconds / n)


def _thermal_batch_star(job):
    return _thermal_batch(*job)


# --------------------------------------------------------------------------- fpsphere
def fokker_planck_wer(case, mesh, durations) -> tuple[np.ndarray, float]:
    """fpsphere's ``P(u_z > 0)`` after each duration, and the wall seconds it took."""
    chi, phi = case.potentials()
    device = Device(mesh, case.energy(), case.alpha, chi=chi, phi=phi)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        table = write_error_rate(device, [1.0], np.asarray(durations, dtype=float),
                                 start=EASY_AXIS)
    return table.error_rate[0], time.perf_counter() - start


def llg_path(case, u0, times, rtol: float = 1e-8) -> np.ndarray:
    chi, phi = case.potentials()
    return fp.llg.trajectories(case.energy(), case.alpha, u0, times, chi=chi, phi=phi,
                               rtol=rtol)[:, 0]


def crossing_time(times: np.ndarray, z: np.ndarray) -> float:
    """First time ``z`` falls through 0 (linear interpolation), NaN if never."""
    below = np.flatnonzero(z < 0)
    if not below.size:
        return math.nan
    i = below[0]
    return float(times[i - 1] + (times[i] - times[i - 1]) * z[i - 1] / (z[i - 1] - z[i]))


def decay_rate(times: np.ndarray, u: np.ndarray) -> float:
    """Slope of ``-ln tan(theta/2)`` in tau_N (exact exponential for a collinear cell)."""
    theta = np.arccos(np.clip(u[:, 2], -1.0, 1.0))
    return float(-np.polyfit(times, np.log(np.tan(theta / 2)), 1)[0])


def stt_critical_torque(sigma: float, alpha: float, cell: Cell, dt: float = 1e-5):
    """``kappa_c`` from the decay rates of a small deviation at kappa = 0.5, 0.9 x 2 sigma:
    the rate ``sigma - kappa/2`` is linear in kappa, its zero is the threshold.
    Returns ``(cmtj, fp.llg)``."""
    theta0, duration = 1e-4, 0.2
    u0 = [math.sin(theta0), 0.0, math.cos(theta0)]
    kappas = np.array([0.5, 0.9]) * 2 * sigma
    found = []
    for code in ("cmtj", "llg"):
        rates = []
        for kappa in kappas:
            case = CollinearSTT(sigma, alpha, float(kappa))
            times, u = cmtj_path(case, cell, u0, duration, dt, 100 * dt)
            if code == "llg":     # its tolerance is absolute: tight for tiny deviations
                u = llg_path(case, u0, times, rtol=1e-13)
            rates.append(decay_rate(times, u))
        slope, intercept = np.polyfit(kappas, rates, 1)
        found.append(-intercept / slope)
    return tuple(found)


def stt_switching_time(sigma: float, kappa: float, theta0: float) -> float:
    """Exact time (tau_N) at which ``u_z`` reaches 0 from ``cos(theta0)``:
    ``dz/dtau = (1 - z^2)(sigma z - kappa/2)`` integrated by quadrature."""
    return quad(lambda z: 1.0 / ((1 - z * z) * (kappa / 2 - sigma * z)), 0.0, math.cos(theta0),
                epsabs=1e-13, epsrel=1e-12)[0]


def sot_threshold(make_case, u0, duration: float, lo: float, hi: float, *, code: str,
                  cell: Cell | None = None, dt: float = 1e-5, tol: float = 1e-3) -> float:
    """Smallest ``h_dl`` in [lo, hi] whose trajectory from ``u0`` is in ``u_z < 0`` after
    ``duration`` (bisection to ``tol``), in cmtj or fp.llg."""
    def switches(h):
        case = make_case(h)
        if code == "cmtj":
            _, u = cmtj_path(case, cell, u0, duration, dt, duration / 10)
            return u[-1, 2] < 0
        return llg_path(case, u0, [duration])[-1, 2] < 0

    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if switches(mid) else (mid, hi)
    return 0.5 * (lo + hi)


# --------------------------------------------------------------------------- the report
@dataclass
class Point:
    case: object
    duration: float
    fpsphere: dict[str, float] = field(default_factory=dict)
    cmtj: float = math.nan
    error: float = math.nan
    n: int = 0


def zero_temperature(sigma: float = 20.0) -> None:
    print("== zero temperature: cmtj (RK4, dt = 1e-5 tau_N) against fp.llg ==")
    cell = Cell(sigma, 0.01)
    kc_cmtj, kc_llg = stt_critical_torque(sigma, 0.01, cell)
    print(f"collinear STT, alpha = 0.01: kappa_c / 2 sigma = {kc_cmtj / (2 * sigma):.6f} (cmtj), "
          f"{kc_llg / (2 * sigma):.6f} (fp.llg), exact 1")
    theta0 = 0.15
    u0 = [math.sin(theta0), 0.0, math.cos(theta0)]
    for ratio, duration in ((1.02, 3.0), (1.5, 0.5)):
        case = CollinearSTT(sigma, 0.01, ratio * 2 * sigma)
        times, u = cmtj_path(case, cell, u0, duration, 1e-5, 1e-4)
        t_cmtj = crossing_time(times, u[:, 2])
        t_llg = crossing_time(times, llg_path(case, u0, times)[:, 2])
        exact = stt_switching_time(sigma, case.kappa, theta0)
        print(f"  switching time from theta0 = {theta0} at {ratio} kappa_c: cmtj {t_cmtj:.7f}, "
              f"fp.llg {t_llg:.7f}, quadrature {exact:.7f} tau_N")
    alpha, xi, beta = 0.02, 8.0, 0.3
    cell = Cell(sigma, alpha)
    theta = math.asin(xi / (2 * sigma))
    u0 = [math.sin(theta), 0.0, math.cos(theta)]
    case = SpinOrbit(sigma, alpha, xi, 13.0, beta * 13.0)
    times, u = cmtj_path(case, cell, u0, 0.2, 1e-5, 1e-4)
    path = llg_path(case, u0, times)
    chi, phi = case.potentials()
    wrong = fp.llg.trajectories(case.energy(), alpha, u0, times, chi=chi, phi=-phi)[:, 0]
    print(f"SOT, alpha = {alpha}, xi = {xi} along x, p = -y, h_fl = {beta} h_dl, h_dl = 13, "
          f"from the zero-current equilibrium, 0.2 tau_N:")
    print(f"  max |u_cmtj - u_llg| = {np.abs(u - path).max():.1e} (with Phi~ of the opposite "
          f"sign: {np.abs(u - wrong).max():.2f}); switching time cmtj "
          f"{crossing_time(times, u[:, 2]):.6f}, fp.llg {crossing_time(times, path[:, 2]):.6f}")
    def make(h):
        return SpinOrbit(sigma, alpha, xi, h, beta * h)

    h_cmtj = sot_threshold(make, u0, 0.3, 5.0, 20.0, code="cmtj", cell=cell)
    h_llg = sot_threshold(make, u0, 0.3, 5.0, 20.0, code="llg")
    print(f"  threshold h_dl (switched after 0.3 tau_N, bisection to 1e-3): cmtj {h_cmtj:.4f}, "
          f"fp.llg {h_llg:.4f}")


def thermal_table(groups, meshes, n: int, workers: int) -> list[Point]:
    points = []
    header = (f"{'case':38s} {'t/tau_N':>7s} " + " ".join(f"{name:>11s}" for name in meshes)
              + f" {'cmtj':>9s} {'+-':>8s} {'z':>6s} {'N':>6s} {'ms/traj':>7s}")
    print(header)
    for case, durations, dt, grid in groups:
        cell = Cell(case.sigma, case.alpha)
        fp_values = {}
        for name, mesh in meshes.items():
            values, seconds = fokker_planck_wer(case, mesh, durations)
            fp_values[name] = (values, seconds)
        sampled = cmtj_wer(case, cell, durations, n, dt=dt, grid=grid, workers=workers)
        for k, duration in enumerate(durations):
            point = Point(case, float(duration), {m: float(v[0][k]) for m, v in fp_values.items()},
                          float(sampled.wer[k]), float(sampled.error[k]), n)
            points.append(point)
            reference = list(point.fpsphere.values())[-1] if point.fpsphere else math.nan
            z = (point.cmtj - reference) / point.error
            print(f"{case.label():38s} {duration:7.3f} "
                  + " ".join(f"{v:11.3e}" for v in point.fpsphere.values())
                  + f" {point.cmtj:9.3e} {point.error:8.1e} {z:6.1f} {n:6d} "
                  f"{sampled.seconds_per_trajectory * 1e3:7.1f}")
        timing = ", ".join(f"{m} {v[1]:.1f} s" for m, v in fp_values.items())
        print(f"    fpsphere wall time for these durations: {timing}; cmtj Heun dt = {dt:g} "
              f"tau_N, {sampled.seconds_per_trajectory * 1e3:.1f} CPU ms per trajectory "
              f"({sampled.seconds_per_trajectory / durations[-1] * 1e3:.1f} ms per tau_N)")
    return points


def extrapolated_cost(ms_per_tau: float, durations_at: dict[float, float]) -> None:
    for wer, duration in durations_at.items():
        n = 100 * (1 - wer) / wer                         # 10 % binomial error
        seconds = n * ms_per_tau * 1e-3 * duration
        print(f"  cmtj at WER {wer:g} (t = {duration:.2f} tau_N, N = {n:.1e} for 10 %): "
              f"{seconds:.1e} CPU s = {seconds / 86400 / 365.25:.1e} CPU years")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1e3 trajectories, coarse meshes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("-n", type=int, default=None, help="trajectories per case")
    args = parser.parse_args(argv)
    n = args.n or (1000 if args.quick else 10_000)
    print(f"cmtj {importlib.metadata.version('cmtj')} against fpsphere; {n} trajectories per "
          f"case, {args.workers} workers")
    zero_temperature()

    sigma = 20.0
    stt = [(CollinearSTT(sigma, 0.01, 60.0), np.array([0.1, 0.2, 0.3, 0.4]), 1e-5, 0.1),
           (CollinearSTT(sigma, 0.01, 80.0), np.array([0.05, 0.1, 0.15, 0.2]), 1e-5, 0.05)]
    meshes = ({"latlon(80)": fp.latlon(80), "ico(5)": fp.icosphere(5)} if args.quick else
              {"latlon(202)": fp.latlon(202), "ico(6)": fp.icosphere(6)})
    print("\n== thermal write error rate, collinear STT (sigma = 20, alpha = 0.01) ==")
    points = thermal_table(stt, meshes, n, args.workers)
    print("\n  Heun step check: kappa = 60 again at twice the step, 2e-5 tau_N")
    coarse = cmtj_wer(stt[0][0], Cell(sigma, 0.01), [0.1, 0.2], n, dt=2e-5, grid=0.1, seed=7,
                      workers=args.workers)
    for k, duration in enumerate(coarse.durations):
        fine = next(p for p in points if p.case == stt[0][0] and p.duration == duration)
        z = (coarse.wer[k] - fine.cmtj) / math.hypot(coarse.error[k], fine.error)
        print(f"  t = {duration:.1f}: {coarse.wer[k]:.4f} +- {coarse.error[k]:.4f} at 2e-5, "
              f"{fine.cmtj:.4f} +- {fine.error:.4f} at 1e-5 (z = {z:.1f})")

    beta = 0.3
    sot = [(SpinOrbit(sigma, 0.02, 20.0, h, beta * h), np.array([0.1, 0.2, 0.5]), 2e-5, 0.1)
           for h in (1.0, 2.0)]
    sot.append((SpinOrbit(sigma, 0.02, 8.0, 13.0, beta * 13.0), np.array([0.02, 0.05, 0.1]),
                1e-5, 0.01))
    meshes = ({"ico(4)": fp.icosphere(4), "ico(5)": fp.icosphere(5)} if args.quick else
              {"ico(5)": fp.icosphere(5), "ico(6)": fp.icosphere(6), "ico(7)": fp.icosphere(7)})
    print("\n== thermal write error rate, SOT (sigma = 20, alpha = 0.02, p = -y, field along x, "
          "h_fl = 0.3 h_dl) ==")
    thermal_table(sot, meshes, n, args.workers)
    case, durations = sot[-1][0], sot[-1][1]
    chi, phi = case.potentials()
    count = min(n, 2000)
    starts = thermal_starts(count, case.sigma, case.xi, np.random.default_rng(11))
    paths = fp.sampler.langevin(case.energy(), case.alpha, starts, durations, chi=chi, phi=phi,
                                dt=1e-5, seed=12)
    wer = (paths[:, :, 2] > 0).mean(axis=1)
    print(f"  {case.label()}: fpsphere's own stochastic sampler (Heun, dt = 1e-5, {count} "
          f"trajectories): " + ", ".join(f"{w:.3f} +- {math.sqrt(w * (1 - w) / count):.3f}"
                                         for w in wer))
    print("  Heun step check: the last two SOT cases at half the step")
    for case, durations, dt, grid in sot[1:]:
        half = cmtj_wer(case, Cell(case.sigma, case.alpha), durations, n, dt=dt / 2, grid=grid,
                        seed=21, workers=args.workers)
        print(f"  {case.label()}, dt = {dt / 2:g}: " + ", ".join(
            f"{w:.4f} +- {e:.4f}" for w, e in zip(half.wer, half.error, strict=True)))

    print("\n== cost of the deep tail (collinear STT, kappa = 60, alpha = 0.01) ==")
    case = CollinearSTT(sigma, 0.01, 60.0)
    durations = np.linspace(0.05, 1.2, 24)
    values, seconds = fokker_planck_wer(case, fp.latlon(202), durations)
    at = {w: float(np.interp(-np.log(w), -np.log(values), durations)) for w in (1e-6, 1e-9)}
    sampled = cmtj_wer(case, Cell(sigma, 0.01), [0.4], min(n, 2000), dt=1e-5, grid=0.1,
                       workers=args.workers)
    ms_per_tau = sampled.seconds_per_trajectory / 0.4 * 1e3
    print(f"  fpsphere: the whole curve, 24 durations 0.05-1.2 tau_N (WER {values[0]:.3f} -> "
          f"{values[-1]:.1e}), latlon(202): {seconds:.1f} s; cmtj: {ms_per_tau:.1f} CPU ms per "
          f"trajectory per tau_N")
    extrapolated_cost(ms_per_tau, at)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
