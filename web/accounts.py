"""Local web accounts: create, verify, list. Passwords are hashed with argon2id.

Contract: ``create_user`` refuses (``AccountError``, one line) an unknown role, a registry or
case-handler account without exactly one agency, a password under 12 characters, and an
existing user name. ``authenticate`` returns the user or None, spending the same argon2 work
for an unknown user as for a wrong password, so timing does not tell which it was.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel
from sqlalchemy import select, update

from infra.catalog import Catalog, now
from infra.worklist import web_users

Role = Literal["registry", "archivist", "case_handler", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
LANGUAGES = ("fi", "sv", "en")
MIN_PASSWORD = 12
_hasher = PasswordHasher()
_DUMMY = _hasher.hash("arkki-no-such-user")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,127}$")
_AGENCY = re.compile(r"^[A-ZÅÄÖ]{2,10}$")


class AccountError(ValueError):
    """The account cannot be created or changed; one line naming the problem."""


class User(BaseModel):
    username: str
    role: Role
    agencies: tuple[str, ...] | None  # None: every agency (a national role)
    display_name: str
    language: str
    active: bool = True

    def sees(self, agency: str) -> bool:
        return self.agencies is None or agency in self.agencies


def create_user(
    catalog: Catalog,
    username: str,
    password: str,
    role: str,
    agencies: str = "*",
    display_name: str = "",
    language: str = "fi",
    by: str = "admin",
) -> User:
    """Add a local account, audited as done ``by``. ``agencies``: ``*`` (every agency) or
    comma-separated codes."""
    if not _NAME.match(username):
        raise AccountError(f"user name {username!r}: 2-128 letters, digits and . _ @ -")
    if role not in ROLES:
        raise AccountError(f"role {role!r}: one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password: at least {MIN_PASSWORD} characters")
    if language not in LANGUAGES:
        raise AccountError(f"language {language!r}: one of {', '.join(LANGUAGES)}")
    scope = _agencies(agencies)
    if role in ("registry", "case_handler") and (scope is None or len(scope) != 1):
        raise AccountError(f"a {role} account belongs to exactly one agency, e.g. UUDELY")
    user = User(
        username=username,
        role=role,  # type: ignore[arg-type]  # checked against ROLES above
        agencies=scope,
        display_name=display_name or username,
        language=language,
    )
    with catalog.engine.begin() as conn:
        if conn.execute(
            select(web_users.c.username).where(web_users.c.username == username)
        ).first():
            raise AccountError(f"user {username} exists already")
        conn.execute(
            web_users.insert().values(
                username=username,
                password_hash=_hasher.hash(password),
                role=role,
                agencies="*" if scope is None else ",".join(scope),
                display_name=user.display_name,
                language=language,
                active=True,
                created_at=now(),
            )
        )
    catalog.audit(by, "user-add", None, {"user": username, "role": role, "agencies": agencies})
    return user


def _agencies(raw: str) -> tuple[str, ...] | None:
    if raw.strip() == "*":
        return None
    codes = tuple(dict.fromkeys(a.strip().upper() for a in raw.split(",") if a.strip()))
    bad = [c for c in codes if not _AGENCY.match(c)]
    if bad or not codes:
        raise AccountError(f"agencies {raw!r}: '*' or agency codes such as UUDELY,VARELY")
    return codes


def _user(row: dict[str, object]) -> User:
    agencies = str(row["agencies"])
    return User(
        username=str(row["username"]),
        role=row["role"],  # type: ignore[arg-type]
        agencies=None if agencies == "*" else tuple(agencies.split(",")),
        display_name=str(row["display_name"]),
        language=str(row["language"]),
        active=bool(row["active"]),
    )


def get_user(catalog: Catalog, username: str) -> User | None:
    with catalog.engine.connect() as conn:
        row = conn.execute(select(web_users).where(web_users.c.username == username)).mappings()
        first = row.first()
    return _user(dict(first)) if first else None


def authenticate(catalog: Catalog, username: str, password: str) -> User | None:
    with catalog.engine.connect() as conn:
        row = (
            conn.execute(select(web_users).where(web_users.c.username == username))
            .mappings()
            .first()
        )
    stored = str(row["password_hash"]) if row else _DUMMY
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row["active"]:
        return None
    if _hasher.check_needs_rehash(stored):
        with catalog.engine.begin() as conn:
            conn.execute(
                update(web_users)
                .where(web_users.c.username == username)
                .values(password_hash=_hasher.hash(password))
            )
    return _user(dict(row))


def list_users(catalog: Catalog) -> list[User]:
    with catalog.engine.connect() as conn:
        rows = conn.execute(select(web_users).order_by(web_users.c.username)).mappings()
        return [_user(dict(r)) for r in rows]


def set_language(catalog: Catalog, username: str, language: str) -> None:
    if language not in LANGUAGES:
        raise AccountError(f"language {language!r}: one of {', '.join(LANGUAGES)}")
    with catalog.engine.begin() as conn:
        conn.execute(
            update(web_users).where(web_users.c.username == username).values(language=language)
        )
