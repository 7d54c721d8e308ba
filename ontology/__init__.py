"""The RDF files of terve_kunta (Turtle); this package holds data only. See README.md here."""
