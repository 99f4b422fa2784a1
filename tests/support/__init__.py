"""Reusable test helpers (see :mod:`tests.support.refserver`)."""
