import subprocess
import sys


def test_import_symnn_loads_no_plotting_or_notebook_packages():
    code = ("import sys, symnn; heavy = [m for m in ('matplotlib', 'IPython', 'sklearn', 'torch', "
            "'scipy') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_public_api_is_listed_in_all():
    import symnn

    assert all(hasattr(symnn, name) for name in symnn.__all__)
    assert {"sigmoid", "softmax", "cross_entropy", "Perceptron", "separate", "Network"} \
        <= set(symnn.__all__)
