"""Self-assessments: what a municipality or county states about itself against the joining criteria.

The model (:mod:`.model`), with each field's RDF property declared once on it; the
document and its errors (:mod:`.document`); reading files (:mod:`.files`,
:mod:`.from_rdf`) and writing RDF (:mod:`.to_rdf`).
"""
