"""Tests of terve_kunta.assessment."""
