"""Persistence: every database read and write the routes need, as plain synchronous calls.

Routes run these in a worker thread (``run_in_threadpool``) so the event loop never blocks.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from typing import Any

from sqlalchemy import Engine, Table, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from . import db
from .common import new_id, now_us
from .security import digest, new_secret

Row = dict[str, Any]


class AlreadyExists(Exception):
    """A unique key (email, tenant id, room name) is taken."""


class RefreshRejected(Exception):
    """The refresh token is unknown, expired, revoked or was already spent."""


class BadCursor(Exception):
    """A pagination cursor that this server did not produce."""


def encode_cursor(created_us: int, room_id: str) -> str:
    """Opaque cursor for the position after ``(created_us, room_id)``."""
    raw = json.dumps([created_us, room_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(cursor: str) -> tuple[int, str]:
    """Inverse of :func:`encode_cursor`; raises :class:`BadCursor`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_us, room_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise BadCursor(cursor) from exc
    if not isinstance(created_us, int) or not isinstance(room_id, str):
        raise BadCursor(cursor)
    return created_us, room_id


class Store:
    """Database access for users, refresh tokens, rooms, tenants and GoLive rooms."""

    def __init__(self, engine: Engine, refresh_ttl_seconds: int) -> None:
        self.engine = engine
        self.refresh_ttl_us = refresh_ttl_seconds * 1_000_000

    def _one(self, stmt: Any) -> Row | None:
        with self.engine.connect() as conn:
            row = conn.execute(stmt).mappings().first()
        return dict(row) if row is not None else None

    def _insert_unique(self, table: Table, row: Row, key: str) -> None:
        """Insert ``row``; :class:`AlreadyExists` (naming ``key``) on a uniqueness clash."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(table), row)
        except IntegrityError as exc:
            raise AlreadyExists(key) from exc

    # --- users ----------------------------------------------------------------------------

    def create_user(self, email: str, display_name: str, password_hash: str) -> Row:
        """Insert a user; :class:`AlreadyExists` when the email is taken."""
        row = {
            "id": new_id("usr"),
            "email": email,
            "display_name": display_name,
            "password_hash": password_hash,
            "created_us": now_us(),
        }
        self._insert_unique(db.users, row, email)
        return row

    def user_by_email(self, email: str) -> Row | None:
        """The user with this (normalised) email."""
        return self._one(select(db.users).where(db.users.c.email == email))

    def user_by_id(self, user_id: str) -> Row | None:
        """The user with this id."""
        return self._one(select(db.users).where(db.users.c.id == user_id))

    # --- refresh tokens -------------------------------------------------------------------

    def issue_refresh(self, user_id: str, family_id: str | None = None, conn: Any = None) -> str:
        """Create a refresh token (a new family unless ``family_id``); returns the secret."""
        token = new_secret()
        now = now_us()
        values = {
            "digest": digest(token),
            "family_id": family_id or new_id("fam"),
            "user_id": user_id,
            "created_us": now,
            "expires_us": now + self.refresh_ttl_us,
            "spent_us": None,
            "revoked": False,
        }
        if conn is not None:
            conn.execute(insert(db.refresh_tokens), values)
        else:
            with self.engine.begin() as c:
                c.execute(insert(db.refresh_tokens), values)
        return token

    def rotate_refresh(self, token: str) -> tuple[str, str]:
        """Spend ``token`` and return ``(user_id, new_token)`` of the same family.

        Presenting a spent token revokes the whole family. Raises :class:`RefreshRejected`.
        """
        rt = db.refresh_tokens
        now = now_us()
        reused_family: str | None = None
        with self.engine.begin() as conn:
            row = conn.execute(select(rt).where(rt.c.digest == digest(token))).mappings().first()
            if row is None or row["revoked"] or row["expires_us"] <= now:
                raise RefreshRejected("unknown, revoked or expired")
            if row["spent_us"] is None:
                spent = conn.execute(
                    update(rt)
                    .where(and_(rt.c.digest == row["digest"], rt.c.spent_us.is_(None)))
                    .values(spent_us=now)
                )
                if spent.rowcount == 1:
                    new_token = self.issue_refresh(row["user_id"], row["family_id"], conn)
                    return str(row["user_id"]), new_token
            reused_family = str(row["family_id"])
        # Reuse of a spent token: burn the family (in its own transaction, so it sticks).
        with self.engine.begin() as conn:
            conn.execute(update(rt).where(rt.c.family_id == reused_family).values(revoked=True))
        raise RefreshRejected("reused")

    def revoke_family_of(self, token: str) -> None:
        """Revoke every token of ``token``'s family; unknown tokens are ignored."""
        rt = db.refresh_tokens
        with self.engine.begin() as conn:
            family = conn.execute(
                select(rt.c.family_id).where(rt.c.digest == digest(token))
            ).scalar()
            if family is not None:
                conn.execute(update(rt).where(rt.c.family_id == family).values(revoked=True))

    # --- StreamLink rooms -----------------------------------------------------------------

    def create_room(self, owner_id: str, name: str, room_type: str) -> Row:
        """Insert a live room (private rooms get a random join key)."""
        room_id = new_id("rm")
        row = {
            "id": room_id,
            "owner_id": owner_id,
            "name": name,
            "type": room_type,
            "status": "live",
            "join_key": secrets.token_urlsafe(18) if room_type == "private" else None,
            "livekit_room": room_id,
            "created_us": now_us(),
            "ended_us": None,
        }
        with self.engine.begin() as conn:
            conn.execute(insert(db.rooms), row)
        return row

    def create_room_for(self, owner_id: str, name: str, room_type: str) -> tuple[Row, Row] | None:
        """``(owner, room)`` after creating the room, or ``None`` if the owner is gone."""
        owner = self.user_by_id(owner_id)
        if owner is None:
            return None
        return owner, self.create_room(owner_id, name, room_type)

    def get_room(self, room_id: str) -> Row | None:
        """The room with this id."""
        return self._one(select(db.rooms).where(db.rooms.c.id == room_id))

    def list_rooms(
        self, owner_id: str, status: str | None, limit: int, cursor: str | None
    ) -> tuple[list[Row], str | None]:
        """Own rooms, newest first, and the cursor of the next page (or ``None``)."""
        r = db.rooms
        stmt = select(r).where(r.c.owner_id == owner_id)
        if status:
            stmt = stmt.where(r.c.status == status)
        if cursor:
            c_us, c_id = decode_cursor(cursor)
            stmt = stmt.where(
                or_(r.c.created_us < c_us, and_(r.c.created_us == c_us, r.c.id < c_id))
            )
        stmt = stmt.order_by(r.c.created_us.desc(), r.c.id.desc()).limit(limit + 1)
        with self.engine.connect() as conn:
            rows = [dict(m) for m in conn.execute(stmt).mappings()]
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            next_cursor = encode_cursor(rows[-1]["created_us"], rows[-1]["id"])
        return rows, next_cursor

    def end_room(self, room_id: str) -> Row | None:
        """Mark a room ended (no-op if it already is); returns the updated row."""
        r = db.rooms
        with self.engine.begin() as conn:
            conn.execute(
                update(r)
                .where(and_(r.c.id == room_id, r.c.status == "live"))
                .values(status="ended", ended_us=now_us())
            )
        return self.get_room(room_id)

    # --- GoLive tenants -------------------------------------------------------------------

    def create_tenant(self, tenant_id: str, name: str) -> tuple[Row, str]:
        """Insert a tenant with fresh credentials; returns ``(row, api_secret)``."""
        secret = new_secret()
        row = {
            "id": tenant_id,
            "name": name,
            "api_key": "glk_" + secrets.token_hex(12),
            "secret_digest": digest(secret),
            "active": True,
            "created_us": now_us(),
        }
        self._insert_unique(db.tenants, row, tenant_id)
        return row, secret

    def tenant_exists(self, tenant_id: str) -> bool:
        """Whether a tenant with this id exists."""
        return self._one(select(db.tenants.c.id).where(db.tenants.c.id == tenant_id)) is not None

    def list_tenants(self) -> list[Row]:
        """All tenants, oldest first."""
        with self.engine.connect() as conn:
            stmt = select(db.tenants).order_by(db.tenants.c.created_us, db.tenants.c.id)
            return [dict(m) for m in conn.execute(stmt).mappings()]

    def get_tenant(self, tenant_id: str) -> Row | None:
        """The tenant with this id."""
        return self._one(select(db.tenants).where(db.tenants.c.id == tenant_id))

    def tenant_by_key(self, api_key: str) -> Row | None:
        """The tenant owning ``api_key``."""
        return self._one(select(db.tenants).where(db.tenants.c.api_key == api_key))

    def set_tenant_active(self, tenant_id: str, active: bool) -> Row | None:
        """Activate or deactivate; ``None`` if there is no such tenant."""
        with self.engine.begin() as conn:
            conn.execute(
                update(db.tenants).where(db.tenants.c.id == tenant_id).values(active=active)
            )
        return self.get_tenant(tenant_id)

    def rotate_tenant_secret(self, tenant_id: str) -> tuple[Row, str] | None:
        """Replace the tenant's secret; returns ``(row, new_secret)`` or ``None``."""
        secret = new_secret()
        with self.engine.begin() as conn:
            result = conn.execute(
                update(db.tenants)
                .where(db.tenants.c.id == tenant_id)
                .values(secret_digest=digest(secret))
            )
        if result.rowcount != 1:
            return None
        row = self.get_tenant(tenant_id)
        return (row, secret) if row is not None else None

    # --- GoLive rooms ---------------------------------------------------------------------

    def create_golive_room(self, tenant_id: str, name: str, max_participants: int | None) -> Row:
        """Insert a tenant room; :class:`AlreadyExists` if the name is taken."""
        row = {
            "tenant_id": tenant_id,
            "name": name,
            "max_participants": max_participants,
            "created_us": now_us(),
        }
        self._insert_unique(db.golive_rooms, row, name)
        return row

    def list_golive_rooms(self, tenant_id: str) -> list[Row]:
        """The tenant's rooms, oldest first."""
        g = db.golive_rooms
        stmt = select(g).where(g.c.tenant_id == tenant_id).order_by(g.c.created_us, g.c.name)
        with self.engine.connect() as conn:
            return [dict(m) for m in conn.execute(stmt).mappings()]

    def get_golive_room(self, tenant_id: str, name: str) -> Row | None:
        """One tenant room."""
        g = db.golive_rooms
        return self._one(select(g).where(and_(g.c.tenant_id == tenant_id, g.c.name == name)))

    def delete_golive_room(self, tenant_id: str, name: str) -> bool:
        """Delete a tenant room; ``False`` if it did not exist."""
        g = db.golive_rooms
        with self.engine.begin() as conn:
            result = conn.execute(
                delete(g).where(and_(g.c.tenant_id == tenant_id, g.c.name == name))
            )
        return result.rowcount == 1
