"""RDF plumbing: terms between Python, rdflib and Oxigraph (:mod:`.terms`), and canonical Turtle (:mod:`.canonical`)."""
