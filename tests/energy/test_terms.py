"""Energy terms against their formulas (docs/conventions.md section 1 table)."""

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.energy import as_potential, evaluate

U = np.random.default_rng(3).normal(size=(50, 3))
U /= np.linalg.norm(U, axis=1, keepdims=True)
x, y, z = U.T


def test_formulas():
    n = np.array([1.0, 2.0, 2.0]) / 3
    assert np.allclose(fp.Uniaxial(sigma=7, axis=(1, 2, 2))(U), -7 * (U @ n) ** 2)
    assert np.allclose(fp.Zeeman(xi=3, direction=(0, 0, 2))(U), -3 * z)
    assert np.allclose(fp.Cubic(sigma_c=5)(U), 5 * (x**2 * y**2 + y**2 * z**2 + z**2 * x**2))
    assert np.allclose(fp.EasyPlane(sigma_p=4, normal=(1, 0, 0))(U), 4 * x**2)
    assert np.allclose(fp.Polarizer(-9, (0, 1, 0))(U), -9 * y)


def test_sums_and_arithmetic():
    total = fp.Uniaxial(sigma=2) + fp.Zeeman(xi=1) + (lambda u: u[:, 0])
    assert isinstance(total, fp.Sum) and len(total.terms) == 3
    assert np.allclose(total(U), -2 * z**2 - z + x)
    assert np.allclose((fp.Zeeman(1) - fp.Zeeman(2))(U), z)
    assert np.allclose((3 * fp.Zeeman(1))(U), -3 * z)
    assert np.allclose(sum([fp.Zeeman(1), fp.Zeeman(1)])(U), -2 * z)


def test_cubic_axes_rotation_invariant_minima():
    cubic = fp.Cubic(sigma_c=10)
    axes = np.eye(3)
    diag = np.ones((1, 3)) / np.sqrt(3)
    assert np.allclose(cubic(axes), 0.0)
    assert np.isclose(cubic(diag)[0], 10 / 3)


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: fp.Uniaxial(sigma=float("nan")), "sigma"),
        (lambda: fp.Zeeman(xi=1, direction=(0, 0, 0)), "direction"),
        (lambda: fp.Uniaxial(sigma="a"), "sigma must be a real number"),
        (lambda: fp.Cubic(sigma_c=1, axes=((1, 0, 0), (1, 0, 0), (0, 0, 1))), "orthonormal"),
        (lambda: as_potential("x", "energy"), "energy must be"),
    ],
)
def test_bad_terms(make, match):
    with pytest.raises((fp.ParameterError, fp.ParameterTypeError), match=match):
        make()


def test_evaluate_checks_values():
    with pytest.raises(fp.ParameterError, match="non-finite"):
        evaluate(as_potential(lambda u: np.log(u[:, 2] * 0), "chi"), U, "chi")
    with pytest.raises(fp.ParameterTypeError, match="shape"):
        evaluate(as_potential(lambda u: u, "phi"), U, "phi")
    assert np.allclose(evaluate(as_potential(2.5, "phi"), U, "phi"), 2.5)
