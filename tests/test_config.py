"""Run configurations: validation with dotted-key errors, SI inputs, round trips."""

import math
import tomllib
from pathlib import Path

import pytest
from scipy import constants

import fpsphere as fp
from fpsphere import config
from fpsphere.errors import ConfigError

# run configurations; those with a [sweep] table belong to `fpsphere sweep` (tests/sweep)
EXAMPLES = [p for p in sorted((Path(__file__).resolve().parents[1] / "examples" / "configs")
                              .glob("*.toml")) if "sweep" not in tomllib.loads(p.read_text())]

BASE = {"mesh": {"level": 2}, "dynamics": {"alpha": 0.1},
        "energy": {"uniaxial": {"sigma": 5.0}}}


def with_(**tables):
    data = {k: dict(v) for k, v in BASE.items()}
    data.update(tables)
    return data


def error(data, *fragments):
    with pytest.raises(ConfigError) as info:
        config.parse(data, "cfg.toml")
    text = str(info.value)
    for fragment in fragments:
        assert fragment in text, text
    return text


# ---------------------------------------------------------------- round trips
def test_default_round_trip_and_data_is_a_copy():
    cfg = config.default()
    assert config.parse(cfg.data) == cfg
    data = cfg.data
    data["dynamics"]["alpha"] = 0.5
    assert cfg.alpha == 0.02 and cfg.data["dynamics"]["alpha"] == 0.02


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_configs_round_trip(path):
    cfg = config.load(path)
    assert config.parse(cfg.data, "again") == cfg
    assert cfg.text == path.read_text()


def test_examples_exist():
    names = {p.stem for p in EXAMPLES}
    assert {"stationary_oblique_field", "stationary_spin_torque", "relaxation_spectrum",
            "evolve_switching_pulse"} <= names


def test_default_config_is_shipped_as_package_data():
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml")
                              .read_text())
    data = pyproject["tool"]["setuptools"].get("package-data", {}).get("fpsphere", [])
    assert "data/*.toml" in data, "add [tool.setuptools.package-data] fpsphere = " \
                                  "[\"data/*.toml\"] to pyproject.toml"


def test_defaults_are_filled_and_explicit():
    cfg = config.parse(BASE)
    assert cfg.data["mesh"] == {"kind": "icosphere", "level": 2, "lloyd": 0}
    assert cfg.data["outputs"]["stationary"] is True
    assert cfg.data["analysis"] == {"axis": [0.0, 0.0, 1.0], "basin_half_angle": 0.5}
    assert "spin_transfer" not in cfg.data and "evolve" not in cfg.data
    assert cfg.mesh.n_cells == 162
    assert cfg.energy == fp.Sum((fp.Uniaxial(5.0),))


def test_updated_changes_one_key():
    cfg = config.parse(BASE)
    new = cfg.updated({"dynamics.alpha": 0.3, "energy.zeeman.xi": 1.0})
    assert new.alpha == 0.3 and new.energy.terms[1] == fp.Zeeman(1.0)
    assert cfg.alpha == 0.1


# ------------------------------------------------------------- dotted keys
def test_get_key_and_set_key():
    data = config.default().data
    assert config.get_key(data, "energy.uniaxial.sigma") == 20.0
    assert config.get_key(data, "energy.cubic.sigma_c", None) is None
    config.set_key(data, "energy.cubic.sigma_c", 1.0)
    assert data["energy"]["cubic"] == {"sigma_c": 1.0}
    with pytest.raises(ConfigError, match="did you mean 'sigma'"):
        config.get_key(data, "energy.uniaxial.sigmaa")
    with pytest.raises(ConfigError, match="dotted key"):
        config.set_key(data, "energy..sigma", 1.0)


def test_set_key_drops_alternatives_and_indexes_lists():
    data = {"energy": {"uniaxial": {"sigma": 10.0}, "zeeman": {"h": 0.2}}}
    config.set_key(data, "energy.zeeman.xi", 3.0)
    assert data["energy"]["zeeman"] == {"xi": 3.0}
    proto = {"protocol": {"segments": [{"duration": 1.0, "kappa": 5.0}]}}
    config.set_key(proto, "protocol.segments.0.kappa", 7.0)
    assert config.get_key(proto, "protocol.segments.0.kappa") == 7.0
    with pytest.raises(ConfigError, match="not a table"):
        config.set_key(proto, "protocol.segments.0.kappa.x", 1.0)


# ------------------------------------------------------------------- errors
def test_unknown_keys_suggest_the_nearest():
    error(with_(energy={"uniaxial": {"sigmaa": 1.0}}), "cfg.toml", "energy.uniaxial.sigmaa",
          "did you mean 'sigma'")
    error({**BASE, "dynamic": {}}, "dynamic", "did you mean 'dynamics'")
    error(with_(mesh={"kind": "icospher"}), "mesh.kind", "did you mean 'icosphere'")
    error(with_(outputs={"spectra": 3}), "outputs.spectra", "did you mean 'spectrum'")
    error(with_(sweep={"quantity": "lambda1"}), "fpsphere sweep CONFIG")


@pytest.mark.parametrize("table, key, value, expected", [
    ("dynamics", "alpha", "0.1", "a finite number > 0"),
    ("dynamics", "alpha", -1.0, "a finite number > 0"),
    ("mesh", "level", 2.5, "an integer >= 0 and <= 9"),
    ("mesh", "level", True, "an integer"),
    ("outputs", "export", "yes", "true or false"),
    ("mesh", "error_estimate", "yes", "true or false"),
    ("mesh", "error_estimate", 1, "true or false"),
    ("outputs", "figures", 1, "one of [True, False, 'auto']"),
    ("dynamics", "scheme", "centred", "did you mean 'centered'"),
])
def test_wrong_types_and_ranges_name_key_value_and_allowed(table, key, value, expected):
    data = with_(**{table: {**BASE.get(table, {}), key: value}})
    error(data, f"{table}.{key} = {value!r}", expected)


def test_vector_and_time_checks():
    error(with_(energy={"uniaxial": {"sigma": 1.0, "axis": [0, 0]}}), "energy.uniaxial.axis",
          "3 finite numbers")
    error(with_(energy={"zeeman": {"xi": 1.0, "direction": [0, 0, 0]}}), "not all zero")
    error(with_(evolve={"times": [1.0, 0.5]}), "evolve.times", "strictly increasing")
    error(with_(evolve={}), "evolve.times is missing")


def test_alternatives_and_dependencies():
    error(with_(energy={"zeeman": {"xi": 1.0, "h": 0.1}}), "energy.zeeman.xi and "
          "energy.zeeman.h are given together")
    error(with_(energy={"zeeman": {"h": 0.1}}), "energy.zeeman.h", "needs energy.uniaxial")
    error(with_(energy={"uniaxial": {"K": 1e5}}), "energy.uniaxial.K", "device.volume")
    error(with_(energy={"uniaxial": {"axis": [0, 0, 1]}}), "energy.uniaxial.sigma is missing")
    error(with_(spin_transfer={"current": 1e-6}), "spin_transfer.eta is missing")
    error(with_(spin_transfer={"source": "none", "kappa": 1.0}),
          "spin_transfer.kappa is not used with spin_transfer.source = 'none'")
    error(with_(mesh={"kind": "latlon", "level": 3}), "mesh.level is not used")
    error(with_(initial={"kind": "von_mises_fisher"}), "initial.kappa is missing")
    error(with_(outputs={"spectrum": 200}), "outputs.spectrum = 200", "at most 159")
    error({"mesh": {"level": 2}}, "dynamics.alpha is missing")


def test_mesh_error_estimate():
    cfg = config.parse(with_(mesh={"level": 3, "error_estimate": True}))
    assert cfg.mesh.error_estimate and cfg.mesh.estimate_levels == (1, 2)
    assert cfg.data["mesh"]["error_estimate"] is True and config.parse(cfg.data) == cfg
    assert config.parse(with_(mesh={"level": 2, "error_estimate": True})).mesh \
        .estimate_levels == (1,)  # level 2: one coarser level, the order is assumed
    off = config.parse(BASE)
    assert not off.mesh.error_estimate and off.mesh.estimate_levels == ()
    assert "error_estimate" not in off.data["mesh"]  # only when given
    assert config.parse(with_(mesh={"kind": "latlon", "error_estimate": False})) \
        .data["mesh"]["error_estimate"] is False
    error(with_(mesh={"kind": "latlon", "error_estimate": True}),
          "mesh.error_estimate = true is not allowed with mesh.kind = 'latlon'",
          "mesh.kind = \"icosphere\"")
    error(with_(mesh={"level": 1, "error_estimate": True}), "mesh.level = 1",
          "a level >= 2 with mesh.error_estimate = true")
    error(with_(mesh={"level": 2, "error_estimate": True}, outputs={"spectrum": 50}),
          "outputs.spectrum = 50", "at most 39 rates", "coarsest level 1 has 42 cells")
    error(with_(mesh={"error_estimat": True}), "did you mean 'error_estimate'")


def test_missing_and_invalid_files(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        config.load(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[mesh\nlevel = 2\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        config.load(bad)
    mesh_cfg = tmp_path / "m.toml"
    mesh_cfg.write_text('[mesh]\nkind = "file"\npath = "sphere.vtu"\n[dynamics]\nalpha = 1.0\n')
    with pytest.raises(ConfigError, match="mesh.path = 'sphere.vtu'.*does not exist"):
        config.load(mesh_cfg)
    fp.icosphere(1).write(tmp_path / "sphere.vtu")
    cfg = config.load(mesh_cfg)  # relative to the config file, stored absolute
    assert Path(cfg.data["mesh"]["path"]).is_absolute()
    assert cfg.build_mesh().n_cells == 42 and cfg.mesh.n_cells is None


# ------------------------------------------------------------ SI and physics
DEVICE = {"Ms": 1.0e6, "volume": 1.0e-24, "temperature": 250.0}


def test_si_inputs_are_converted_with_codata():
    kT = constants.k * 250.0
    cfg = config.parse(with_(
        device=DEVICE,
        energy={"uniaxial": {"K": 1.0e5}, "zeeman": {"mu0H": 0.05}},
        spin_transfer={"current": -1e-6, "eta": 0.6},
    ))
    uni, zee = cfg.energy.terms
    assert uni.sigma == pytest.approx(1.0e5 * 1e-24 / kT, rel=1e-12)
    assert zee.xi == pytest.approx(1.0e6 * 0.05 * 1e-24 / kT, rel=1e-12)
    kappa = constants.hbar * 0.6 * -1e-6 / (2 * constants.e * 0.1 * kT)
    assert cfg.spin_transfer.chi == fp.Polarizer(-kappa)
    tau_n = (1 + 0.1**2) * 1.0e6 * 1e-24 / (2 * 0.1 * fp.units.GAMMA_E * kT)
    assert cfg.tau_N == pytest.approx(tau_n, rel=1e-12)
    timed = cfg.updated({"evolve.times_s": [tau_n, 2 * tau_n]})
    assert timed.evolve.times == pytest.approx((1.0, 2.0))


def test_reduced_field_and_shape_terms():
    cfg = config.parse(with_(
        device=DEVICE,
        energy={"uniaxial": {"sigma": 10.0}, "zeeman": {"h": 0.25, "direction": [1, 0, 0]},
                "easy_plane": {"N_perp": 0.8, "N_par": 0.1},
                "cubic": {"sigma_c": 2.0}},
    ))
    _, zee, cubic, plane = cfg.energy.terms
    assert zee.xi == 5.0 and cubic == fp.Cubic(2.0)
    expected = 0.5 * constants.mu_0 * 1e12 * 0.7 * 1e-24 / (constants.k * 250.0)
    assert plane.sigma_p == pytest.approx(expected, rel=1e-12)


def test_spin_transfer_forms():
    cfg = config.parse(with_(spin_transfer={"kappa": 4.0, "polarizer": [1, 0, 0],
                                            "field_like_ratio": 0.5}))
    assert cfg.spin_transfer.chi == fp.Polarizer(-4.0, (1, 0, 0))
    # b/a = 0.5 with chi~ = mu0 Ms v a/(alpha kT), phi~ = mu0 Ms v b/kT
    assert cfg.spin_transfer.phi == fp.Polarizer(0.5 * 0.1 * 4.0, (1, 0, 0))
    slon = config.parse(with_(spin_transfer={"kappa": 4.0, "slonczewski_polarization": 0.4,
                                             "field_like": 1.5}))
    assert slon.spin_transfer.chi == fp.Slonczewski(4.0, 0.4)
    assert slon.spin_transfer.phi == fp.Polarizer(1.5)
    assert not config.parse(with_(spin_transfer={"source": "none"})).has_spin_transfer


def test_spin_transfer_sources_are_a_registry():
    def custom(table, ctx):
        return config.SpinTransfer(chi=fp.Polarizer(table.number("strength")))

    source = config.SpinTransferSource(("strength",), custom, "a test source")
    with config.SPIN_TRANSFER_SOURCES.temporarily("custom", source):
        cfg = config.parse(with_(spin_transfer={"source": "custom", "strength": 2.0}))
        assert cfg.spin_transfer.chi == fp.Polarizer(2.0)
        error(with_(spin_transfer={"source": "custom", "kappa": 2.0}), "spin_transfer.kappa",
              "not used with spin_transfer.source = 'custom'")
    assert "custom" not in config.SPIN_TRANSFER_SOURCES


def test_protocol_segments_override_the_base_model():
    data = with_(spin_transfer={"kappa": 0.0}, evolve={"times": [0.5, 1.5]},
                 protocol={"segments": [
                     {"duration": 1.0, "kappa": 12.0},
                     {"duration": 1.0, "set": {"energy.zeeman.xi": 2.0}}]})
    cfg = config.parse(data)
    first, second = cfg.protocol
    assert first.spin_transfer.chi == fp.Polarizer(-12.0)
    assert second.spin_transfer.chi == fp.Polarizer(-0.0)
    assert second.energy.terms[1] == fp.Zeeman(2.0)
    models = cfg.segment_models(fp.icosphere(1))
    assert [s.duration for s in models] == [1.0, 1.0]
    assert config.parse(cfg.data) == cfg


def test_protocol_errors():
    base = with_(evolve={"times": [0.5]})
    error({**base, "protocol": {"segments": [{"kappa": 1.0}]}}, "protocol.segments[0].duration")
    error({**base, "protocol": {"segments": [{"duration": 1.0, "kapa": 1.0}]}},
          "protocol.segments[0].kapa", "did you mean 'kappa'")
    error({**base, "protocol": {"segments": [{"duration": 1.0, "set": {"mesh.level": 3}}]}},
          "cannot change within a protocol")
    error({**base, "protocol": {"segments": [{"duration": 1.0, "xi": "big"}]}},
          "in protocol.segments[0] (overrides): energy.zeeman.xi = 'big'")
    error({**base, "protocol": {"segments": [{"duration": 0.1}]}},
          "evolve.times reach 0.5", "within the protocol's 0.1")
    error({**BASE, "protocol": {"segments": [{"duration": 1.0}]}}, "no time evolution runs")


def test_initial_densities():
    mesh = fp.icosphere(2)
    cfg = config.parse(with_(initial={"hemisphere": [0, 0, 1]}))
    rho = cfg.initial_density(mesh)
    assert rho @ mesh.areas == pytest.approx(1.0)
    assert rho[mesh.points[:, 2] < 0].max() == 0.0
    vmf = config.parse(with_(initial={"kind": "von_mises_fisher", "kappa": 20.0}))
    assert vmf.initial_density(mesh).argmax() == mesh.points[:, 2].argmax()
    uniform = config.parse(with_(initial={"kind": "uniform"})).initial_density(mesh)
    assert uniform == pytest.approx(1 / (4 * math.pi))


# -------------------------------------------------------------------- stack
def test_stack_table():
    cfg = config.parse({"stack": {"layers": [
        {"material": "Cu", "thickness_nm": 100.0},
        {"material": {"name": "F", "resistivity": 1e-7, "beta": 0.5, "lsf": 2e-8},
         "thickness": 1e-8, "angle_deg": 180.0},
        {"material": "Cu", "thickness_nm": 100.0}], "interfaces": "transparent"}})
    assert not cfg.outputs.stationary and cfg.outputs.stack and cfg.alpha is None
    layers = cfg.stack.layers
    assert layers[0].thickness == pytest.approx(1e-7) and layers[1].angle == pytest.approx(math.pi)
    assert cfg.stack.build().n_layers == 3
    assert config.parse(cfg.data) == cfg
    tabulated = cfg.updated({"stack.interfaces": "tabulated",
                             "stack.layers.1.material": "Py"})
    assert tabulated.stack.interfaces[0] == fp.spin.interface("Cu", "Py")


def test_stack_errors():
    layer = {"material": "Cu", "thickness_nm": 10.0}
    error({"stack": {"layers": [layer]}}, "stack.layers", "at least two")
    error({"stack": {"layers": [layer, {"material": "Unobtainium", "thickness": 1e-9}]}},
          "stack.layers[1].material = 'Unobtainium'", "'Cu'")
    error({"stack": {"layers": [layer, {**layer, "angle_deg": 90.0}]}},
          "stack.layers[1] has angle", "model = 'vector'")
    error({"stack": {"layers": [layer, layer], "interfaces": ["tabulated"] * 2}},
          "stack.interfaces")
    error({"stack": {"layers": [layer, layer], "current_density": 0.0}},
          "stack.current_density = 0.0")
    error({"outputs": {"stack": True}}, "outputs.stack = true needs a [stack] table")


def test_potentials_the_model_would_refuse_are_refused_when_read():
    """A dry run refuses what FokkerPlanck refuses: U - chi spanning more than 1400 kT."""
    error(with_(energy={"uniaxial": {"sigma": 5000.0}}), "cfg.toml", "[energy] span 5000 kT",
          "below 1400 kT")
    error(with_(energy={"zeeman": {"xi": 600.0}}, spin_transfer={"kappa": -300.0}),
          "[energy] and [spin_transfer] (U - chi) span 1800 kT")
    assert config.parse(with_(energy={"zeeman": {"xi": 600.0}},
                              spin_transfer={"kappa": 600.0})).has_spin_transfer  # U = chi
    error(with_(evolve={"times": [1.0]}, protocol={"segments": [
        {"duration": 2.0, "kappa": 2000.0}]}), "in protocol.segments[0] (overrides)",
        "span 4000 kT")
    error(with_(energy={"uniaxial": {"sigma": 2e6}}), "energy.uniaxial.sigma = 2000000.0",
          "<= 1e+06 (kT)")


def test_equilibrium_reference_span_is_checked_before_computing():
    # chi cancels the Zeeman energy, but the equilibrium reference is the model of U alone
    base = {"energy": {"zeeman": {"xi": 1000.0}}, "spin_transfer": {"kappa": 1000.0},
            "dynamics": {"alpha": 0.1}, "mesh": {"level": 2}}
    with pytest.raises(ConfigError, match=r"equilibrium_reference.*energy.zeeman 2e\+03 kT"):
        config.parse(base)
    assert config.parse({**base, "outputs": {"equilibrium_reference": False}}).alpha == 0.1
