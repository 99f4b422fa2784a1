"""Secrets and signatures: RS256 access tokens, argon2id passwords, hashed machine secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SIGNING_KEY_FILE = "server-signing-key.pem"
_VERIFIED_CACHE_SIZE = 10_000
OPERATOR_TOKEN_FILE = "server-operator-token"


# --- machine secrets -------------------------------------------------------------------------


def new_secret() -> str:
    """32 random bytes, URL-safe text: refresh tokens, tenant secrets, operator token."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """SHA-256 hex digest under which a machine secret is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def digest_matches(secret: str, stored_digest: str) -> bool:
    """Constant-time check of a presented secret against its stored digest."""
    return hmac.compare_digest(digest(secret), stored_digest)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def load_or_create_operator_token(data_dir: Path) -> tuple[str, Path | None, bool]:
    """Return ``(token, file, created)`` for a generated operator token kept in ``data_dir``."""
    path = data_dir / OPERATOR_TOKEN_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), path, False
    token = new_secret()
    _write_private(path, (token + "\n").encode("utf-8"))
    return token, path, True


# --- passwords -----------------------------------------------------------------------------


class PasswordHashing:
    """argon2id for human passwords; burns the same time for unknown accounts."""

    def __init__(self, time_cost: int = 3, memory_kib: int = 65536, parallelism: int = 4) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        """Hash a new password."""
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """Verify ``password``; with ``stored_hash=None`` spend the time and fail."""
        try:
            ok = self._hasher.verify(stored_hash or self._dummy, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return ok and stored_hash is not None


# --- RS256 access tokens -------------------------------------------------------------------


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class TokenExpired(Exception):
    """The access token was well-formed and signed but its ``exp`` passed."""


class TokenInvalid(Exception):
    """The access token is malformed, forged or not meant for us."""


@dataclass(frozen=True)
class AccessToken:
    """A freshly issued access token."""

    token: str
    expires_in: int


class AccessTokenSigner:
    """Issues and verifies RS256 access tokens with a key kept on disk (0600 PEM)."""

    def __init__(self, private_key: rsa.RSAPrivateKey, issuer: str, audience: str, ttl: int):
        self._private_key = private_key
        self._public_key = private_key.public_key()
        self.issuer = issuer
        self.audience = audience
        self.ttl = ttl
        numbers = self._public_key.public_numbers()
        self._jwk_core = {"e": _b64url_uint(numbers.e), "kty": "RSA", "n": _b64url_uint(numbers.n)}
        canonical = json.dumps(self._jwk_core, separators=(",", ":"), sort_keys=True)
        thumb = hashlib.sha256(canonical.encode("ascii")).digest()
        self.kid = base64.urlsafe_b64encode(thumb).rstrip(b"=").decode("ascii")
        # token -> claims of tokens this process already verified (signature checks are the
        # costly part; expiry is re-checked on every hit).
        self._verified: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_data_dir(
        cls, data_dir: Path, issuer: str, audience: str, ttl: int
    ) -> AccessTokenSigner:
        """Load the signing key from ``data_dir`` or generate and store one."""
        path = data_dir / SIGNING_KEY_FILE
        if path.exists():
            loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(loaded, rsa.RSAPrivateKey):
                raise ValueError(f"{path} does not hold an RSA private key")
            key = loaded
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            try:
                _write_private(path, pem)
            except FileExistsError:  # another process won the race: use its key
                return cls.from_data_dir(data_dir, issuer, audience, ttl)
        return cls(key, issuer, audience, ttl)

    def jwks(self) -> dict[str, Any]:
        """The public key as a JWK Set."""
        return {"keys": [{**self._jwk_core, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def public_key_pem(self) -> bytes:
        """The public key in PEM form."""
        return self._public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def issue(self, subject: str) -> AccessToken:
        """Sign an access token for ``subject``."""
        now = int(time.time())
        claims = {
            "sub": subject,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + self.ttl,
            "jti": secrets.token_hex(12),
        }
        token = jwt.encode(claims, self._private_key, algorithm="RS256", headers={"kid": self.kid})
        return AccessToken(token=token, expires_in=self.ttl)

    def verify(self, token: str) -> dict[str, Any]:
        """Verify signature, algorithm, key id and claims; return the claims."""
        cached = self._verified.get(token)
        if cached is not None:
            if cached["exp"] <= time.time():
                self._verified.pop(token, None)
                raise TokenExpired("token expired")
            return cached
        claims = self._verify_uncached(token)
        if len(self._verified) >= _VERIFIED_CACHE_SIZE:
            self._verified.pop(next(iter(self._verified)), None)
        self._verified[token] = claims
        return claims

    def _verify_uncached(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise TokenInvalid("malformed token") from exc
        if header.get("alg") != "RS256" or header.get("kid") != self.kid:
            raise TokenInvalid("unexpected algorithm or key id")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._public_key,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenExpired("token expired") from exc
        except jwt.PyJWTError as exc:
            raise TokenInvalid("invalid token") from exc
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise TokenInvalid("invalid subject")
        return claims
