"""Which discretization is accurate for non-collinear spin transfer, and when.

For non-collinear spin-transfer models (easy axis, field and polarizer without a common
symmetry axis, so no exact stationary state) this measures, on icospheres of several
levels and for several dampings, the error of

* the slowest rate ``lambda_1`` (``Re spectrum(k=2)[1]``, relative) and
* the stationary mean moment ``<u>`` (``fp.observables.mean_moment``, absolute, largest
  component) and
* the stationary probability of the minority well, ``P_min`` (hemisphere about the easy
  axis z, ``fp.observables.probability``, relative): the exponentially sensitive part
  of a stationary state

for BOTH discretizations: the generator (the plain calls today: ``spectrum(2)``,
``stationary()``) and the transient ``skew`` operator (``operator="transient"``,
``method="transient"``), against the spherical-harmonic Galerkin reference
(``tests/reference/harmonics.py``; every reference number is also computed at
``lmax + 10`` and the difference printed).  The numbers in the md file were measured at
commit 1a10db3 (keywords ``operator=``/``method=``); with the later ``discretization=``
keyword the generator is ``"split+stabilized"`` (``"markov"`` where that is not positive)
and the transient operator ``"skew"``.  With each row it prints the two candidate
selection criteria: the generator's crosswind Peclet number
(``model.crosswind_peclet()``) and the resolution of ``U_d``,
``r = max |U_d[i] - U_d[j]|`` over the mesh edges.

Finally the time/evolve consistency: the L1 drift
``sum(areas |rho(30) - rho(0)|)`` of ``evolve(rho0, [0, 30])`` started from each
operator's stationary state (case b, alpha = 0.02, level 5): evolve steps the
transient operator, so its own stationary state should not move.

Run from the repository root (the reference lives in ``tests/``)::

    python docs/research/noncollinear_accuracy.py                     # all, levels 4-7
    python docs/research/noncollinear_accuracy.py --cases a b --levels 4 5 6
    python docs/research/noncollinear_accuracy.py --drift-only

Results and conclusions: ``docs/research/noncollinear-accuracy.md``.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the reference solver lives in tests/reference
    sys.path.insert(0, str(ROOT))

import fpsphere as fp  # noqa: E402
from tests.reference.harmonics import SphericalHarmonicGalerkin  # noqa: E402

S2 = np.sqrt(0.5)
ALPHAS = (0.01, 0.02, 0.1, 1.0)
LEVELS = (4, 5, 6, 7)


def lmax_for(alpha):
    """Galerkin degree that converges lambda_1 to < 1e-6, <u> to < 1e-10 and the minority
    population to < 1e-4 relative (measured: the changes at lmax + 10 are printed)."""
    return 60 if alpha >= 0.1 else 80 if alpha >= 0.02 else 100


@dataclass(frozen=True)
class Case:
    """A non-collinear model: fpsphere terms and independent numpy callables (reference)."""

    name: str
    text: str
    sigma: float
    field: tuple  # (xi, direction) or None
    polarizer: tuple  # unit p
    kappa: float  # chi = -kappa u.p
    beta: float  # phi = beta kappa u.p

    def model(self, mesh, alpha):
        energy = fp.Uniaxial(sigma=self.sigma)
        if self.field is not None:
            energy = energy + fp.Zeeman(self.field[0], self.field[1])
        chi = fp.Polarizer(-self.kappa, self.polarizer)
        phi = fp.Polarizer(self.beta * self.kappa, self.polarizer) if self.beta else None
        return fp.FokkerPlanck(mesh, energy, alpha, chi=chi, phi=phi)

    def callables(self):
        sigma, p = self.sigma, np.asarray(self.polarizer, float)
        p = p / np.linalg.norm(p)
        if self.field is not None:
            xi, e = self.field[0], np.asarray(self.field[1], float)
            e = e / np.linalg.norm(e)
        else:
            xi, e = 0.0, np.zeros(3)

        def energy(u):
            return -sigma * u[:, 2] ** 2 - xi * (u @ e)

        def chi(u):
            return -self.kappa * (u @ p)

        def phi(u):
            return self.beta * self.kappa * (u @ p)

        return energy, chi, (phi if self.beta else None)

    def reference(self, alpha, lmax=None):
        """Galerkin numbers at ``lmax`` and their changes at ``lmax + 10``: a dict with
        lambda_1, <u>, P(u_z > 0) and the minority-well probability min(P, 1 - P)."""
        lmax = lmax_for(alpha) if lmax is None else lmax
        energy, chi, phi = self.callables()
        out = []
        for degree in (lmax, lmax + 10):
            g = SphericalHarmonicGalerkin(energy, alpha, chi=chi, phi=phi, lmax=degree,
                                          lmax_potential=4)
            c = g.stationary_coefficients()
            out.append((g.rates(2)[1].real, g.mean_moment(c), g.hemisphere_probability(c)))
        (lam, m, up), (lam2, m2, up2) = out
        return {"lambda_1": lam, "mean_moment": m, "p_up": up,
                "p_min": min(up, 1 - up), "lmax": lmax, "dlam": abs(lam2 / lam - 1),
                "dm": float(np.abs(m2 - m).max()),
                "dp": abs(min(up2, 1 - up2) / min(up, 1 - up) - 1)}


def _tilted(deg):
    t = np.radians(deg)
    return (float(np.sin(t)), 0.0, float(np.cos(t)))


CASES = {
    # --- the acceptance-test cases (tests/solvers/test_noncollinear_defaults.py) ---
    # (a) perpendicular free layer, field 8 kT at 30 deg from the easy axis (xz plane),
    # in-plane polarizer along x (an orthogonal spin-torque geometry): chi = -3 u_x
    "a": Case("a", "sigma=15, xi=8 at 30deg (xz), chi=-3 u_x", 15.0,
              (8.0, _tilted(30.0)), (1.0, 0.0, 0.0), 3.0, 0.0),
    # (b) polarizer tilted 30 deg from the easy axis, damping-like and field-like parts
    # both pushing away from p: chi = -10 u.p, phi = +5 u.p
    "b": Case("b", "sigma=15, p at 30deg (xz), chi=-10 u.p, phi=+5 u.p", 15.0, None,
              _tilted(30.0), 10.0, 0.5),
    # --- stronger torques and deeper wells, for the error model ---
    "a8": Case("a8", "sigma=15, xi=5 at 45deg (xz), chi=-8 u_x", 15.0,
               (5.0, _tilted(45.0)), (1.0, 0.0, 0.0), 8.0, 0.0),
    "a18": Case("a18", "sigma=18, xi=6 at 45deg (xz), chi=-10 u_x", 18.0,
                (6.0, _tilted(45.0)), (1.0, 0.0, 0.0), 10.0, 0.0),
    "b45": Case("b45", "sigma=15, p at 45deg (xz), chi=-10 u.p, phi=+5 u.p", 15.0, None,
                _tilted(45.0), 10.0, 0.5),
    "b18": Case("b18", "sigma=18, p at 45deg (xz), chi=-12 u.p, phi=+6 u.p", 18.0, None,
                _tilted(45.0), 12.0, 0.5),
    # the built-in example (fpsphere run): deep wells, a minority well of ~1e-7
    "d": Case("d", "sigma=20, xi=4 at 45deg (xz), chi=+8 u_z", 20.0,
              (4.0, _tilted(45.0)), (0.0, 0.0, 1.0), -8.0, 0.0),
}


def resolution(model):
    """r = max over mesh edges of |U_d[i] - U_d[j]| (kT)."""
    i, j = model.mesh.edges.T
    return float(np.abs(model.U_d[i] - model.U_d[j]).max())


def _solve(model, which):
    """(lambda_1, stationary density) of the generator (``which="generator"``) or the
    transient ``skew`` operator (``"transient"``), whatever the keywords of the
    installed fpsphere: ``operator=``/``method=`` (commit 1a10db3, where the numbers of
    the md file were measured) or ``discretization=``."""
    if "discretization" in inspect.signature(model.spectrum).parameters:
        names = ["skew"] if which == "transient" else ["split+stabilized", "markov"]
        for name in names:  # the generator falls back to markov where split is not positive
            try:
                return (model.spectrum(2, discretization=name)[1].real,
                        model.stationary(discretization=name))
            except fp.ParameterError:
                if name == names[-1]:
                    raise
    method = "transient" if which == "transient" else "auto"
    return model.spectrum(2, operator=which)[1].real, model.stationary(method)


def measure(case, alpha, levels, ref):
    lam, m, up = ref["lambda_1"], ref["mean_moment"], ref["p_up"]
    minority_up = up < 0.5
    rows = []
    for level in levels:
        mesh = fp.icosphere(level)
        model = case.model(mesh, alpha)
        row = {"case": case.name, "alpha": alpha, "level": level,
               "peclet": model.crosswind_peclet(), "r": resolution(model)}
        t0 = time.time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the generator's first-order warnings
            for op in ("generator", "transient"):
                rate, rho = _solve(model, op)
                row[f"lam_{op}"] = rate / lam - 1
                row[f"u_{op}"] = float(np.abs(fp.observables.mean_moment(mesh, rho) - m).max())
                p = fp.observables.probability(mesh, rho, (0, 0, 1))
                row[f"p_{op}"] = ((p if minority_up else 1 - p) / ref["p_min"] - 1)
        row["seconds"] = time.time() - t0
        rows.append(row)
        print(_format(row), flush=True)
    return rows


HEADER = ("case alpha  L      Pe      r  | lam1 gen    lam1 skew | <u> gen   <u> skew |"
          " P_min gen  P_min skew |   s\n"
          "---- ----- -- ------- ------ + ---------- ---------- + --------- -------- +"
          " ---------- ---------- + ---")


def _format(row):
    return (f"{row['case']:<4} {row['alpha']:<5g} {row['level']:2d} {row['peclet']:7.3g} "
            f"{row['r']:6.3f} | {row['lam_generator']:+10.2e} {row['lam_transient']:+10.2e} | "
            f"{row['u_generator']:9.1e} {row['u_transient']:8.1e} | "
            f"{row['p_generator']:+10.2e} {row['p_transient']:+10.2e} | {row['seconds']:3.0f}")


def drift(level=5, alpha=0.02, case="b", t_end=30.0):
    """L1 drift of evolve from each operator's stationary state over [0, t_end]."""
    mesh = fp.icosphere(level)
    model = CASES[case].model(mesh, alpha)
    out = {}
    for name in ("transient", "generator"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rho0 = _solve(model, name)[1]
        run = model.evolve(rho0, [0.0, t_end])
        out[name] = float(np.sum(mesh.areas * np.abs(run.rho[-1] - rho0)))
    print(f"evolve drift, case {case}, alpha={alpha:g}, level {level}, tau in [0, {t_end:g}]: "
          f"from stationary(method='transient') {out['transient']:.2e}, "
          f"from the generator's stationary() {out['generator']:.2e}", flush=True)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--alphas", nargs="+", type=float, default=list(ALPHAS))
    parser.add_argument("--levels", nargs="+", type=int, default=list(LEVELS))
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    parser.add_argument("--drift-only", action="store_true")
    args = parser.parse_args(argv)
    result = {"references": [], "rows": []}
    if not args.drift_only:
        print("references (spherical-harmonic Galerkin; change at lmax + 10):")
        refs = {}
        for name in args.cases:
            for alpha in args.alphas:
                ref = CASES[name].reference(alpha)
                refs[name, alpha] = ref
                m = ref["mean_moment"]
                result["references"].append({"case": name, "alpha": alpha, **ref,
                                             "mean_moment": m.tolist()})
                print(f"  {name:<4} alpha={alpha:<5g} lambda_1={ref['lambda_1']:.10g} <u>="
                      f"({m[0]:+.8f}, {m[1]:+.8f}, {m[2]:+.8f}) P_min={ref['p_min']:.6g}  "
                      f"lmax={ref['lmax']}: d lambda_1={ref['dlam']:.1e}, d<u>={ref['dm']:.1e},"
                      f" d P_min={ref['dp']:.1e}   ({CASES[name].text})", flush=True)
        print("\nrelative error of lambda_1, largest |<u> - <u>_ref| component, relative "
              "error of the minority-well probability P_min (hemisphere about z)")
        print(HEADER)
        for name in args.cases:
            for alpha in args.alphas:
                result["rows"] += measure(CASES[name], alpha, args.levels, refs[name, alpha])
    result["drift"] = drift()
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
