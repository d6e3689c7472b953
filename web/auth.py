"""Who is asking, and may they: sessions, roles, agencies, CSRF, and the SSO hook.

Sessions are Starlette's signed cookies (itsdangerous) keyed by ARKKI_WEB_SECRET, or by a
random secret generated once into ARKKI_HOME/web-secret (mode 0600). The cookie holds only
the user name, the chosen language and a CSRF token; the user is read again from the catalog
on every request, so a deactivated account or a changed role takes effect at once.

Every route states its roles with ``require(...)``; the agency check is the route's own
(``User.sees``): an object of another agency answers 404, as if it did not exist.

SSO: an agency's identity provider plugs in as an ``IdentityProvider`` (OIDC authorisation
code flow: ``login_url`` sends the browser to the provider, ``identify`` turns the callback's
query into an ``Identity``). The app maps the identity to a local account by user name, so
roles and agencies stay managed in arkki. Only the interface exists; no provider is built.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from fastapi import Request
from pydantic import BaseModel

from web.accounts import User, get_user


class LoginRequired(Exception):
    """No valid session: the API answers 401, a page redirects to the login form."""


class Forbidden(Exception):
    """The user's role may not do this (403)."""


class Identity(BaseModel):
    username: str
    email: str = ""
    display_name: str = ""


class IdentityProvider(Protocol):
    """An agency's OIDC provider (e.g. Entra ID or Keycloak), not built in this version."""

    def login_url(self, state: str, redirect_uri: str) -> str: ...

    def identify(self, query: Mapping[str, str], state: str, redirect_uri: str) -> Identity: ...


def session_secret(home: Path) -> str:
    """ARKKI_WEB_SECRET, else the secret stored under ARKKI_HOME (made once, 0600)."""
    configured = os.environ.get("ARKKI_WEB_SECRET", "")
    if configured:
        return configured
    path = home / "web-secret"
    home.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: str) -> None:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not secrets.compare_digest(expected, submitted):
        raise Forbidden("the form expired; reload the page and send it again")


def user_of(request: Request) -> User:
    name = request.session.get("user")
    if not isinstance(name, str):
        raise LoginRequired()
    user = get_user(request.app.state.web.catalog, name)
    if user is None or not user.active:
        request.session.clear()
        raise LoginRequired()
    return user


def require(*roles: str) -> Callable[[Request], User]:
    """A dependency that returns the signed-in user where their role is one of ``roles``."""

    def dependency(request: Request) -> User:
        user = user_of(request)
        if user.role not in roles:
            raise Forbidden(f"the {user.role} role may not do this")
        return user

    dependency.__name__ = "require_" + "_or_".join(roles)
    return dependency
