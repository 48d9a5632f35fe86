"""README's Python tour runs as written."""

import doctest
import os

from tests.conftest import ROOT


def test_readme_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(os.path.join(ROOT, "README.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0
