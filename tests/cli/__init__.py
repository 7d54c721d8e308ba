"""Tests of terve_kunta.cli."""
