"""The human-readable report of a run summary (what ``fpsphere run`` prints)."""

from __future__ import annotations

from typing import Any

__all__ = ["format_summary", "stationary_table"]


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


def stationary_table(states: dict[str, dict[str, Any]]) -> list[str]:
    """Lines of a table of stationary observables, one row per named state."""
    lines = [f"{'stationary state':<16} {'<u_x>':>8} {'<u_y>':>8} {'<u_z>':>8} "
             f"{'<(u.n)^2>':>9} {'P(u.n>0)':>10} {'dS/dt':>10}  scheme"]
    for name, s in states.items():
        lines.append(f"{name:<16} {s['mean_x']:>8.4f} {s['mean_y']:>8.4f} {s['mean_z']:>8.4f} "
                     f"{s['order_parameter']:>9.4f} {s['p_up']:>10.6f} "
                     f"{s['entropy_production']:>10.3g}  {s['scheme']}")
    return lines


def _rate(re: float, im: float) -> str:
    return f"{re:.4g}" if abs(im) <= 1e-12 * max(1.0, abs(re)) else f"{re:.4g}{im:+.3g}i"


def format_summary(summary: dict[str, Any]) -> str:
    """A few lines: the model, one block per job, the timings and the files written."""
    results = summary["results"]
    lines = [f"fpsphere: {summary['title']} ({summary['source']})"]
    if "mesh" in results:
        mesh = results["mesh"]
        lines.append(f"mesh: {mesh['kind']}, {mesh['n_cells']} cells; {_model_line(summary)}")
    if "stationary" in results:
        lines += stationary_table(results["stationary"])
    if "spectrum" in results:
        spec = results["spectrum"]
        rates = ", ".join(_rate(r, i) for r, i in zip(spec["real"], spec["imag"], strict=True))
        lines.append(f"slowest rates (1/tau_N): {rates}")
    if "evolve" in results:
        evo = results["evolve"]
        final = ", ".join(f"{v:.4f}" for v in evo["mean_moment"][-1])
        lines.append(f"evolve: {len(evo['times'])} times up to {evo['times'][-1]:g} tau_N; "
                     f"final <u> = ({final}), P(u.n>0) = {evo['p_up'][-1]:.6f}")
    for name, values in results.get("quantities", {}).items():
        text = ", ".join(f"{k} = {_num(v)}" for k, v in values.items())
        lines.append(f"{name}: {text}")
    if "stack" in results:
        st = results["stack"]
        lines.append(f"stack {'/'.join(st['layers'])} ({st['model']}): R_ne = "
                     f"{st['r_ne']:.4g} Ohm m^2, R = {st['resistance']:.4g} Ohm m^2 at "
                     f"J = {st['current_density']:.3g} A/m^2")
    timings = summary["timings"]
    parts = ", ".join(f"{k} {v:.2f}" for k, v in timings.items() if k != "total")
    lines.append(f"time: {timings['total']:.2f} s ({parts})")
    lines += [f"note: {note}" for note in summary["notes"]]
    if summary.get("outdir"):
        lines.append(f"wrote {summary['outdir']}: {', '.join(summary['files'])}")
    return "\n".join(lines)
