import subprocess
import sys


def test_import_symnn_loads_no_plotting_or_notebook_packages():
    code = ("import sys, symnn; heavy = [m for m in ('matplotlib', 'IPython', 'sklearn', 'torch', "
            "'scipy', 'jax') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_public_api_is_listed_in_all():
    import symnn

    assert all(hasattr(symnn, name) for name in symnn.__all__)
    assert {"sigmoid", "softmax", "cross_entropy", "Perceptron", "separate", "Network"} \
        <= set(symnn.__all__)


def test_the_catalog_is_symnn_catalog_and_no_top_level_name_is_claimed(tmp_path):
    code = ("import importlib.util, symnn; print(importlib.util.find_spec('derivations'), "
            "symnn.catalog.names()[0], symnn.catalog.derivation('chain_rule').title('ko'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["None", "history", "연쇄법칙"]
