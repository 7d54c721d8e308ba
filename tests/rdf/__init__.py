"""Tests of terve_kunta.rdf."""
