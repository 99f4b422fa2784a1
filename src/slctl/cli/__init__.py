"""Helpers shared by the ``slctl`` commands (output, errors, config, credentials, tracing).

These modules stay cheap to import: the SDKs and httpx load only inside the functions
that need them, so ``slctl --help`` stays fast.
"""
