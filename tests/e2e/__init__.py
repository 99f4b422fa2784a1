"""End-to-end tests against a running reference server."""
