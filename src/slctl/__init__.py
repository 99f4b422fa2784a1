"""slctl: command-line tool and reference server for the StreamLink and GoLive APIs."""

__version__ = "0.1.0"
