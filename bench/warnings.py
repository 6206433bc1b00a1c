"""``bench/warnings.py``: the early-warning benchmark (WARN-1) — see ``bench/early_warning_eval.py``.

    .venv/bin/python bench/warnings.py [--cases 2000000] [--keep]

The name is the one the issue asks for, and it is also the standard library's ``warnings``. Any script run
from bench/ has this folder first on sys.path, so its ``import warnings`` (argparse and random do it) finds
this file: imported, it therefore stands in for the standard module; run, it runs the benchmark.
"""

import importlib.util
import os
import runpy
import sys
import sysconfig

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    runpy.run_path(os.path.join(here, "early_warning_eval.py"), run_name="__main__")
else:
    _spec = importlib.util.spec_from_file_location("warnings", os.path.join(sysconfig.get_paths()["stdlib"],
                                                                            "warnings.py"))
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["warnings"] = _module
    _spec.loader.exec_module(_module)
