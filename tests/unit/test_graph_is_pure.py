"""journeys.graph must never import Django (design section 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib, pkgutil, sys
import journeys.graph
names = [m.name for m in pkgutil.walk_packages(journeys.graph.__path__, "journeys.graph.")]
for name in names:
    importlib.import_module(name)
assert "journeys.graph.validation" in sys.modules, names
leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(names), "modules")
assert not leaked, leaked
"""


def test_importing_every_graph_module_never_imports_django():
    # Given a fresh interpreter (no test runner plugins that may load Django)
    # When every module under journeys.graph is imported
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))},
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Then none of them pulled in Django
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) >= 12  # the walk really found the node modules
