"""Tests of terve_kunta.stores."""
