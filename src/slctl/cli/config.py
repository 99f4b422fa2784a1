"""The profile store: ``config.toml`` under the platformdirs config directory.

Read with :mod:`tomllib`; written by :func:`dump`, a tiny writer for the flat string and
boolean values profiles hold (no TOML-writing dependency needed). Secrets never go here:
they live in the keyring (see :mod:`slctl.cli.secrets`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .errors import CliError
from .exitcodes import ExitCode

CONFIG_ENV = "SLCTL_CONFIG"
Value = str | bool
Profiles = dict[str, dict[str, Value]]

KEYS: dict[str, type] = {
    "base_url": str,
    "email": str,
    "golive_base_url": str,
    "golive_api_key": str,
    "insecure_storage": bool,
}
"""Profile keys and their types. ``email`` is set by ``auth login`` for ``auth status``."""

SECRET_KEYS = ("golive_api_secret", "operator_token")
"""Kept in the keyring, never in the file."""


def config_path() -> Path:
    """``$SLCTL_CONFIG``, else ``<user config dir>/slctl/config.toml``."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("slctl")) / "config.toml"


def load(path: Path | None = None) -> Profiles:
    """Every profile in the config file (empty when there is no file)."""
    import tomllib

    path = path or config_path()
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {path}: {exc}", ExitCode.USAGE) from None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise CliError(f"cannot read {path}: [profiles] must be a table", ExitCode.USAGE)
    return {
        str(name): {k: v for k, v in values.items() if isinstance(v, str | bool)}
        for name, values in profiles.items()
        if isinstance(values, dict)
    }


def _quote(text: str) -> str:
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _key(name: str) -> str:
    bare = name and all(c.isascii() and (c.isalnum() or c in "_-") for c in name)
    return name if bare else _quote(name)


def dump(profiles: Mapping[str, Mapping[str, Value]]) -> str:
    """TOML text for ``profiles`` (one ``[profiles.NAME]`` table each)."""
    lines = ["# slctl configuration; edit with `slctl config set KEY VALUE`."]
    for name in sorted(profiles):
        lines += ["", f"[profiles.{_key(name)}]"]
        for key, value in sorted(profiles[name].items()):
            text = ("true" if value else "false") if isinstance(value, bool) else _quote(value)
            lines.append(f"{_key(key)} = {text}")
    return "\n".join(lines) + "\n"


def save(profiles: Mapping[str, Mapping[str, Value]], path: Path | None = None) -> None:
    """Write the config file atomically (mode 0600)."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(dump(profiles))
    os.replace(temp, path)


def parse_value(key: str, text: str) -> Value:
    """``text`` converted to the type of ``key``, or a usage error."""
    kind = KEYS.get(key)
    if kind is None:
        known = ", ".join(sorted(KEYS))
        hint = "secrets are set with `slctl config set-secret`" if key in SECRET_KEYS else None
        raise CliError(f"unknown config key {key!r} (known: {known})", ExitCode.USAGE, hint)
    if kind is bool:
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "1", "on"):
            return True
        if lowered in ("false", "no", "0", "off"):
            return False
        raise CliError(f"{key} takes true or false, not {text!r}", ExitCode.USAGE)
    return text


def profile(name: str) -> dict[str, Value]:
    """One profile's values (empty if it does not exist)."""
    return load().get(name, {})


def update(name: str, **values: Value | None) -> None:
    """Set (or, with ``None``, remove) keys of one profile and save."""
    profiles = load()
    current = profiles.setdefault(name, {})
    for key, value in values.items():
        if value is None:
            current.pop(key, None)
        else:
            current[key] = value
    if not current:
        profiles.pop(name)
    save(profiles)


def get_str(values: Mapping[str, Value], key: str) -> str | None:
    """A string value of a profile, if set and non-empty."""
    value = values.get(key)
    return value if isinstance(value, str) and value else None
