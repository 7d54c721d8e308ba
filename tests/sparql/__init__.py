"""Tests of terve_kunta.sparql."""
