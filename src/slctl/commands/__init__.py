"""``slctl`` command groups; each module exposes ``register(app)`` (see ``slctl.app``)."""
