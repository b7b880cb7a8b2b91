"""Spin-transfer coupling: torque fields to potentials, and the torque of a stack."""

import numpy as np
import pytest

import fpsphere as fp
from fpsphere import spin
from fpsphere.coupling import AxialTorque, CellField, StackTorque, torque_potentials
from fpsphere.errors import ParameterError

P = np.array([0.6, 0.0, 0.8])


def _random_units(n, seed=0):
    u = np.random.default_rng(seed).normal(size=(n, 3))
    return u / np.linalg.norm(u, axis=1, keepdims=True)


def _spread(values):
    return float(np.ptp(values))


def test_constant_efficiency_gives_linear_chi_and_phi():
    """conventions s. 3: a u x (u x p) <-> chi = -a (u.p); b u x p <-> Phi = b (u.p)."""
    alpha, kappa, beta = 0.05, 7.0, 3.0
    chi, phi = AxialTorque.from_functions(alpha * kappa, beta, P).potentials(alpha)
    u = _random_units(200)
    assert _spread(chi(u) - (-kappa * u @ P)) < 1e-12
    assert _spread(phi(u) - beta * u @ P) < 1e-12


def test_slonczewski_law_matches_closed_form_potential():
    alpha, kappa, pol = 0.02, 30.0, 0.4
    law = fp.Slonczewski(kappa=kappa, polarization=pol, direction=tuple(P))
    torque = AxialTorque.from_functions(lambda x: alpha * kappa * law.efficiency(x),
                                        direction=P, nodes=64)
    chi, _ = torque.potentials(alpha)
    u = _random_units(300, 1)
    assert _spread(chi(u) - law(u)) < 1e-9 * kappa


def test_torque_field_is_tangent_and_has_the_requested_components():
    torque = AxialTorque.from_functions(lambda x: 1 + x, lambda x: 2 - x**2, P)
    u = _random_units(100, 2)
    X = torque.field(u)
    assert np.abs(np.einsum("ij,ij->i", X, u)).max() < 1e-14
    x = u @ P
    uxp = np.cross(u, P)
    expect = (1 + x)[:, None] * np.cross(u, uxp) + (2 - x**2)[:, None] * uxp
    assert np.abs(X - expect).max() < 1e-12


def test_cell_field_is_exact_at_cells_and_second_order_between():
    f = lambda u: np.sin(2 * u[:, 0]) * u[:, 2] + u[:, 1] ** 2  # noqa: E731
    u = _random_units(2000, 3)
    errors = []
    for level in (3, 4, 5):
        mesh = fp.icosphere(level)
        field = CellField(mesh, f(mesh.points))
        assert np.abs(field(mesh.points) - f(mesh.points)).max() < 1e-13
        errors.append(np.abs(field(u) - f(u)).max())
    orders = np.log2(np.array(errors[:-1]) / errors[1:])
    assert orders.min() > 1.8, orders


def test_hodge_route_converges_to_the_closed_form_at_second_order():
    """The general route (two Poisson solves) against the axial antiderivatives."""
    alpha = 0.1
    torque = AxialTorque.from_functions(lambda x: 0.3 / (1.5 + x), lambda x: np.cos(2 * x), P)
    chi_exact, phi_exact = torque.potentials(alpha)
    errors = []
    for level in (3, 4, 5):
        mesh = fp.icosphere(level)
        parts = torque_potentials(mesh, torque, alpha)
        pts = mesh.points
        err = [_spread(parts.chi(pts) - chi_exact(pts)) / _spread(chi_exact(pts)),
               _spread(parts.phi(pts) - phi_exact(pts)) / _spread(phi_exact(pts))]
        errors.append(err)
        assert parts.residual < 0.05
    errors = np.array(errors)
    orders = np.log2(errors[:-1] / errors[1:])
    assert errors[-1].max() < 2e-3
    assert orders.min() > 1.7, orders


def test_hodge_potentials_drive_the_same_stationary_state():
    mesh = fp.icosphere(4)
    alpha = 0.2
    U = fp.Uniaxial(sigma=3.0)
    torque = AxialTorque.from_functions(alpha * 2.0, 0.0, (0, 0, 1))
    exact = fp.FokkerPlanck(mesh, U, alpha, chi=torque.potentials(alpha)[0]).stationary()
    parts = torque_potentials(mesh, torque, alpha)
    numeric = fp.FokkerPlanck(mesh, U, alpha, chi=parts.chi, phi=parts.phi).stationary()
    assert np.abs(numeric - exact).max() < 1e-2 * exact.max()


def _spin_valve(field_like=False):
    cu, co, py = spin.material("Cu"), spin.material("Co"), spin.material("Py")
    if field_like:
        py = py.replace(l_perp=1.0e-9, l_j=2.0e-9)
    return spin.Stack([spin.Layer(cu, 100e-9), spin.Layer(co, 20e-9), spin.Layer(cu, 5e-9),
                       spin.Layer(py, 3e-9), spin.Layer(cu, 100e-9)])


AREA = np.pi / 4 * (50e-9) ** 2


def test_stack_torque_is_odd_and_linear_in_the_current():
    source = StackTorque(_spin_valve(field_like=True), free_layer=3, area=AREA, nodes=8,
                         points=400)
    u = _random_units(50, 4)
    base = source.torque(1e11).field(u)
    assert np.abs(base).max() > 1.0  # tens of kT at 1e11 A/m^2 through a 50 nm pillar
    np.testing.assert_allclose(source.torque(-1e11).field(u), -base, atol=1e-9 * np.abs(base).max())
    np.testing.assert_allclose(source.torque(2.5e11).field(u), 2.5 * base,
                               atol=1e-9 * np.abs(base).max())
    assert np.abs(source.torque(0.0).field(u)).max() == 0.0


def test_stack_torque_vanishes_continuously_at_collinear_states():
    """The sampled law a(x) = dJ_theta / sin(theta) extends smoothly to the poles."""
    stack = _spin_valve(field_like=True)
    source = StackTorque(stack, free_layer=3, area=AREA, nodes=16, points=400)
    torque = source.torque(1e11)
    for theta in (1e-3, np.pi - 1e-3):
        direct = stack.sweep_angle(3, [theta], 1e11, points=400)
        expect = -source.scale * direct.in_plane[0] / np.sin(theta)
        assert torque.damping_like(np.cos(theta)) == pytest.approx(expect, rel=1e-4)
        expect_fl = source.scale * direct.out_of_plane[0] / np.sin(theta)
        assert torque.field_like(np.cos(theta)) == pytest.approx(expect_fl, rel=1e-3)
    poles = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, -1.0]])
    assert np.abs(torque.field(poles)).max() < 1e-12


def test_electrons_from_the_fixed_layer_favour_parallel_alignment():
    """Textbook sense: the fixed layer (left) polarizes electrons flowing into the free
    layer (charge current along -x) and pulls it parallel; the reverse current pushes
    it antiparallel.  Slonczewski's law: the torque is larger near antiparallel."""
    source = StackTorque(_spin_valve(), free_layer=3, area=AREA, nodes=8, points=400)
    up, down = np.array([[0.0, 0.0, 1.0]]), np.array([[0.0, 0.0, -1.0]])
    alpha = 0.05
    chi, _ = source.potentials(-1e11, alpha)
    assert chi(up)[0] > chi(down)[0]  # U_d = U - chi lower at parallel
    chi_rev, _ = source.potentials(1e11, alpha)
    assert chi_rev(up)[0] < chi_rev(down)[0]
    torque = source.torque(-1e11)
    assert abs(torque.damping_like(-0.99)) > abs(torque.damping_like(0.99))
    mesh = fp.icosphere(3)
    U = fp.Uniaxial(sigma=2.0)
    p_up = [fp.observables.probability(
        mesh, fp.FokkerPlanck(mesh, U, alpha, chi=source.potentials(j, alpha)[0]).stationary(),
        (0, 0, 1)) for j in (-2e9, 0.0, 2e9)]
    assert p_up[0] > p_up[1] == pytest.approx(0.5) and p_up[2] < p_up[1]


@pytest.mark.parametrize("kwargs, match", [
    (dict(free_layer=2), "not ferromagnetic"),
    (dict(free_layer=7), "free_layer"),
    (dict(free_layer=3, area=-1.0), "area"),
    (dict(free_layer=3, area=AREA, axis=(0, 0, 0)), "axis"),
    (dict(free_layer=3, area=AREA, temperature=float("nan")), "temperature"),
])
def test_stack_torque_bad_input(kwargs, match):
    kwargs.setdefault("area", AREA)
    with pytest.raises(ParameterError, match=match):
        StackTorque(_spin_valve(), **kwargs)


def test_stack_without_polarizer_or_with_tilted_fixed_layer_is_refused():
    cu, py = spin.material("Cu"), spin.material("Py")
    single = spin.Stack([spin.Layer(cu, 50e-9), spin.Layer(py, 3e-9), spin.Layer(cu, 50e-9)])
    with pytest.raises(ParameterError, match="no ferromagnetic layer besides"):
        StackTorque(single, free_layer=1, area=AREA)
    tilted = _spin_valve().with_angle(1, 0.3)
    with pytest.raises(ParameterError, match="collinear"):
        StackTorque(tilted, free_layer=3, area=AREA)
    with pytest.raises(ParameterError, match="current_density"):
        StackTorque(_spin_valve(), free_layer=3, area=AREA).torque(float("nan"))


def test_non_tangent_torque_and_bad_polarizer_are_refused():
    mesh = fp.icosphere(2)
    with pytest.raises(ParameterError, match="not tangent"):
        torque_potentials(mesh, lambda u: u + np.cross(u, [0, 0, 1]), 0.1)
    with pytest.raises(ParameterError, match="direction"):
        AxialTorque.from_functions(1.0, 0.0, (0, 0, 0))
    with pytest.raises(ParameterError, match="alpha"):
        torque_potentials(mesh, AxialTorque.from_functions(1.0), 0.0)
