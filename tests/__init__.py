"""The test suite (a package, so that its modules import ``tests.support``).

Where PYTHONDONTWRITEBYTECODE is set, Python keeps no bytecode: every run, and every worker and
subprocess of it, would compile the package and assertion-rewrite every test module anew (seconds
of CPU each time). The suite keeps those caches, in ``__pycache__`` (which git ignores). This runs
before ``conftest.py`` is imported, so that it is cached too.
"""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
