"""Tests of terve_kunta.server."""
