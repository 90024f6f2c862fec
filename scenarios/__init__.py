"""Bundled drill scenarios (YAML), shipped as package data so an installed sispam finds them."""
