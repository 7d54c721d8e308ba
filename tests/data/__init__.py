"""Tests of terve_kunta.data."""
