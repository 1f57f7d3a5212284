"""The logged-in staff member, kept in the signed, HttpOnly, SameSite=Lax session cookie.

The cookie holds who logged in (subject, issuer, name, role assignments mapped from the
provider's claims), when, and when last seen. A session ends after ``session_max_age`` or
``session_idle_timeout``. For accounts of the built-in provider the account and its roles are
re-read on every request, so disabling an account or changing its roles takes effect at once;
with an external provider the roles are those the provider asserted at login.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from starlette.requests import HTTPConnection

from backoffice.config import IdentityConfig
from portal.core.policies import Assignment, PolicyActor, Role, staff_actor
from portal.identity.principals import account_id_of, load_staff_actor

KEY = "principal"
SEEN_RESOLUTION = 60  # seconds: refresh "last seen" (and the cookie) at most once a minute


def start(connection: HTTPConnection, *, actor_id: str, name: str, issuer: str, builtin: bool,
          assignments: frozenset[Assignment], id_token: str | None) -> None:
    """Begin a session: everything from before login (state, nonce, old CSRF token) is dropped."""
    session = connection.session
    session.clear()
    now = int(time.time())
    session[KEY] = {
        "id": actor_id, "name": name, "iss": issuer, "builtin": builtin,
        "roles": sorted([a.role.value, a.department_id] for a in assignments),
        "login_at": now, "seen_at": now,
    }
    session["csrf"] = secrets.token_urlsafe(32)
    if id_token:
        session["id_token"] = id_token


def end(connection: HTTPConnection) -> str | None:
    """Forget the session; returns the ID token (the provider's logout wants it as a hint)."""
    id_token = connection.session.get("id_token")
    connection.session.clear()
    return id_token if isinstance(id_token, str) else None


def _assignments(raw: Any) -> list[Assignment]:
    out = []
    for role, department in raw or []:
        try:
            out.append(Assignment(Role(role), department if isinstance(department, int) else None))
        except ValueError:
            continue
    return out


async def current_actor(connection: HTTPConnection, config: IdentityConfig) -> PolicyActor | None:
    data = connection.session.get(KEY)
    if not isinstance(data, dict):
        return None
    now = int(time.time())
    login_at, seen_at = int(data.get("login_at", 0)), int(data.get("seen_at", 0))
    if now - login_at > config.session_max_age or now - seen_at > config.session_idle_timeout:
        connection.session.clear()
        return None
    actor: PolicyActor | None
    if data.get("builtin") and data.get("iss") == config.issuer:
        account_id = account_id_of(str(data.get("id")))
        actor = await load_staff_actor(account_id) if account_id is not None else None
        if actor is None:
            connection.session.clear()
            return None
    else:
        actor = staff_actor(str(data["id"]), str(data.get("name", "")), _assignments(data.get("roles")))
    if now - seen_at >= SEEN_RESOLUTION:
        connection.session[KEY] = {**data, "seen_at": now}
    return actor
