"""``terve-kunta serve``: a SPARQL 1.1 Protocol endpoint over an Oxigraph database, safe by default.

Oxigraph's own server runs every query it is sent, ``SERVICE`` and ``LOAD`` included,
takes updates from any web page the operator has open (a cross-site form POST needs
no permission from the browser), and its time limit does not stop a query that is
computing. This thin front (:mod:`.app`, a WSGI application served by waitress) is
what ``serve`` runs instead:

- read-only unless started with ``--allow-updates``; even then an update from another
  origin (a web page elsewhere) is refused;
- every query and update goes through the same guard as ``kg.query``
  (:mod:`terve_kunta.sparql.safety`): no ``SERVICE``, ``LOAD`` or ``FROM``, and the
  canonical text is what runs; the package's prefixes (``tk:``, ``tkid:``...) need no
  declaration;
- every query runs in a worker process (:mod:`.pool`) that is killed at the time limit
  (default 30 s), answered with ``503`` as the protocol has it;
- the query page is Oxigraph's (YASGUI), taken from the ``oxigraph`` program at start.
"""
