"""Sphinx extensions of the terve_kunta documentation.

Each reads the code or the packaged Turtle at build time, so that what the pages say cannot
drift from what the package does:

- :mod:`.run`: runs ``terve-kunta`` commands and shows their real output;
- :mod:`.api`: the public API (``terve_kunta.__all__`` and the objects it returns);
- :mod:`.cli`: every command and option, from the argument parser;
- :mod:`.turtle`: the ontology's terms, the concept schemes and the joining criteria;
- :mod:`.figures`: the pictures, drawn with matplotlib from the shipped data and cached.
"""
