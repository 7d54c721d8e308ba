"""Tests of terve_kunta.validation."""
