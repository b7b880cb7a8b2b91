"""The human-readable report of a run summary (what ``fpsphere run`` prints).

:func:`format_summary` prints each job's block through the job's ``report`` (declared
with the job, :data:`fpsphere.jobs.JOBS`); the ``*_lines`` functions here are those
of the built-in jobs.

With an ``errors`` block (``mesh.error_estimate``) every estimated number reads
``value ± error``, a ``?`` marking an unreliable estimate (the notes say why).
"""

from __future__ import annotations

from typing import Any

from fpsphere.jobs.registry import JOBS

__all__ = ["evolve_lines", "format_summary", "quantities_lines", "spectrum_lines",
           "stack_lines", "stationary_lines", "stationary_table", "study_lines"]


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list) and all(isinstance(v, float) for v in value):
        return "(" + ", ".join(f"{v:.3g}" for v in value) + ")"
    return str(value)


def _term(term: dict[str, Any] | None) -> str:
    if term is None:
        return "0"
    args = ", ".join(f"{k}={_num(v)}" for k, v in term.items() if k != "term")
    return f"{term['term']}({args})"


def _model_line(summary: dict[str, Any]) -> str:
    p = summary["parameters"]
    energy = " + ".join(_term(t) for t in p["energy"]) or "0"
    line = f"U = {energy}; alpha = {_num(p['alpha'])}"
    if p["chi"] is not None or p["phi"] is not None:
        line += f"; chi = {_term(p['chi'])}; phi = {_term(p['phi'])}"
    if p.get("tau_N_s"):
        line += f"; tau_N = {p['tau_N_s']:.4g} s"
    return line


def _error(entry: dict[str, Any] | None, index: tuple[int, ...] = ()) -> str:
    """The estimated error of an ``errors`` entry (an element of an array's), ``?`` when
    unreliable; ``""`` without an estimate."""
    if entry is None or entry.get("error") is None:
        return ""
    error = entry["elementwise_error"] if index else entry["error"]
    for i in index:
        error = error[i]
    return f"{error:.2g}{'' if entry['warning'] is None else '?'}"


def _pm(text: str, entry: dict[str, Any] | None, index: tuple[int, ...] = ()) -> str:
    """``text ± error`` (``text`` alone without an estimate)."""
    error = _error(entry, index)
    return f"{text} ± {error}" if error else text


def stationary_table(states: dict[str, dict[str, Any]],
                     errors: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Lines of a table of stationary observables, one row per named state, and below
    each a row of their estimated errors when ``errors`` (the summary's) has them."""
    keys = ("mean_x", "mean_y", "mean_z", "order_parameter", "p_up", "entropy_production")
    widths = (8, 8, 8, 9, 10, 10)
    lines = [f"{'stationary state':<16} {'<u_x>':>8} {'<u_y>':>8} {'<u_z>':>8} "
             f"{'<(u.n)^2>':>9} {'P(u.n>0)':>10} {'dS/dt':>10}  scheme"]
    for name, s in states.items():
        lines.append(f"{name:<16} {s['mean_x']:>8.4f} {s['mean_y']:>8.4f} {s['mean_z']:>8.4f} "
                     f"{s['order_parameter']:>9.4f} {s['p_up']:>10.6f} "
                     f"{s['entropy_production']:>10.3g}  {s['scheme']}")
        cells = [_error((errors or {}).get(f"stationary.{name}.{k}")) for k in keys]
        if any(cells):
            lines.append(f"{'  ±':<16} " + " ".join(
                f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)))
    return lines


def stationary_lines(result: dict[str, Any], errors: dict[str, Any]) -> list[str]:
    """The report of the ``stationary`` job."""
    return stationary_table(result, errors)


def spectrum_lines(spec: dict[str, Any], errors: dict[str, Any]) -> list[str]:
    """The report of the ``spectrum`` job."""
    rates = ", ".join(_rate(r, i, errors, k) for k, (r, i) in
                      enumerate(zip(spec["real"], spec["imag"], strict=True)))
    return [f"slowest rates (1/tau_N): {rates}"]


def evolve_lines(evo: dict[str, Any], errors: dict[str, Any]) -> list[str]:
    """The report of the ``evolve`` job."""
    last = len(evo["times"]) - 1
    final = ", ".join(_pm(f"{v:.4f}", errors.get("evolve.mean_moment"), (last, k))
                      for k, v in enumerate(evo["mean_moment"][-1]))
    p_up = _pm(f"{evo['p_up'][-1]:.6f}", errors.get("evolve.p_up"), (last,))
    return [f"evolve: {len(evo['times'])} times up to {evo['times'][-1]:g} tau_N; "
            f"final <u> = ({final}), P(u.n>0) = {p_up}"]


def quantities_lines(result: dict[str, Any], errors: dict[str, Any]) -> list[str]:
    """The report of the ``quantities`` job."""
    return [f"{name}: " + ", ".join(f"{k} = {_pm(_num(v), errors.get(f'quantities.{name}.{k}'))}"
                                    for k, v in values.items())
            for name, values in result.items()]


def stack_lines(st: dict[str, Any], errors: dict[str, Any]) -> list[str]:
    """The report of the ``stack`` job."""
    return [f"stack {'/'.join(st['layers'])} ({st['model']}): R_ne = "
            f"{st['r_ne']:.4g} Ohm m^2, R = {st['resistance']:.4g} Ohm m^2 at "
            f"J = {st['current_density']:.3g} A/m^2"]


def study_lines(result: dict[str, Any], errors: dict[str, Any]) -> list[str]:
    """The report of the ``study`` job: its kind and the number of rows."""
    return [f"study {result['kind']}: {len(result.get('rows', []))} rows"]


def _rate(re: float, im: float, errors: dict[str, Any], k: int) -> str:
    real = _pm(f"{re:.4g}", errors.get(f"spectrum.real.{k}"))
    if abs(im) <= 1e-12 * max(1.0, abs(re)):
        return real
    imag = _pm(f"{abs(im):.3g}", errors.get(f"spectrum.imag.{k}"))
    return f"{real} {'+-'[im < 0]} {imag} i" if "±" in real + imag else f"{re:.4g}{im:+.3g}i"


def format_summary(summary: dict[str, Any], heading: str | None = None) -> str:
    """A few lines: the heading (default: the title and source), the model, one block per
    job (each job's ``report``), the timings and where the files went."""
    results = summary["results"]
    errors = summary.get("errors", {})
    lines = [heading or f"fpsphere: {summary['title']} ({summary['source']})"]
    if "mesh" in results:
        mesh = results["mesh"]
        lines.append(f"mesh: {mesh['kind']}, {mesh['n_cells']} cells; {_model_line(summary)}")
    for name in JOBS:
        job = JOBS[name]
        if name in results and job.report is not None:
            lines += job.report(results[name], errors)
    if errors:
        levels = next(iter(errors.values()))["levels"]
        lines.append(f"±: estimated mesh error (Richardson over icosphere levels {levels[0]}-"
                     f"{levels[-1]}); ?: unreliable (see the notes)")
    timings = summary["timings"]
    parts = ", ".join(f"{k} {v:.2f}" for k, v in timings.items() if k != "total")
    lines.append(f"time: {timings['total']:.2f} s ({parts})")
    lines += [f"note: {note}" for note in summary["notes"]]
    if summary.get("outdir"):
        lines.append(f"wrote {summary['outdir']}: {', '.join(summary['files'])}")
    else:
        lines.append("no files written (results printed only; -o OUTDIR keeps summary.json, "
                     "fields and figures)")
    return "\n".join(lines)
