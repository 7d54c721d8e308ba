"""Criteria compliance: self-assessments checked against the joining-criteria shapes.

The shapes (:mod:`.shapes`), the compiled SPARQL engine (:mod:`.compiled`), SHACL
results (:mod:`.results`), the compliance report (:mod:`.report`), its formats
(:mod:`.formats`) and the entry points (:mod:`.validator`).
"""
