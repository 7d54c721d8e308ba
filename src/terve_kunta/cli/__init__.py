"""The ``terve-kunta`` command line: :func:`main` (:mod:`.main`) and one module per command group."""

from terve_kunta.cli.main import main

__all__ = ["main"]
