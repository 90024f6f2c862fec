"""Crowds, rallies and demonstrations: a vectorised crowd stepped on the drill clock."""
