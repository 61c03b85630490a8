"""Logins: single-use links to set a password, listing logins, disabling and enabling them.

A link is a random secret signed with the app's SECRET_KEY, so a forged or altered link is
refused before the database is asked. The database keeps only the secret's SHA-256, so a
copy of the database cannot be turned into working links. The link names no one.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import contains_eager, defer

from linkenglish.audit.services import audit_record
from linkenglish.auth.services import password_set, user_create
from linkenglish.extensions import db
from linkenglish.models import (
    AccountToken,
    Participant,
    PartnerOrganisation,
    Role,
    TokenPurpose,
    User,
    utcnow,
)

TOKEN_SALT = "account-token"  # noqa: S105 (a salt name, not a secret)
TOKEN_LIFETIME = timedelta(days=7)
# A signed token is about 80 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 200


def now() -> datetime:
    """Return the current time; tests move this clock."""
    return utcnow()


class AccountRuleError(Exception):
    """A change the rules do not allow; the message is translated, for the coordinator."""


class LinkRefused(Exception):
    """A link that is not one of ours (forged, altered, unknown or replaced)."""

    status = 404


class LinkGone(LinkRefused):
    """A genuine link that was used already, has expired, or whose login is disabled."""

    status = 410


@dataclass(frozen=True)
class IssuedLink:
    """A link just created: the token goes into the URL, shown to the coordinator once."""

    token: str
    purpose: TokenPurpose
    expires_at: datetime


def token_serializer() -> URLSafeTimedSerializer:
    """Return the signer for account links."""
    return URLSafeTimedSerializer(current_app.secret_key, salt=TOKEN_SALT)


def secret_digest(secret: str) -> bytes:
    """Return the SHA-256 the database keeps in place of the secret."""
    return hashlib.sha256(secret.encode("utf-8")).digest()


def account_link_create(*, user: User, by: User) -> IssuedLink:
    """Create a link for user to set a password, replacing any unused earlier link.

    A login without a password gets an invitation; one with a password, a reset link.
    """
    if not user.active:
        raise AccountRuleError(_l("This login is disabled. Enable it before sending a link."))
    # Lock the login's row (PostgreSQL) so two coordinators cannot leave two live links.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    db.session.execute(
        delete(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
    )
    purpose = TokenPurpose.INVITATION if user.password_hash is None else TokenPurpose.PASSWORD_RESET
    secret = secrets.token_urlsafe(32)
    created = now()
    token = AccountToken(
        user_id=user.id,
        purpose=purpose,
        token_hash=secret_digest(secret),
        created_by_id=by.id,
        created_at=created,
        expires_at=created + TOKEN_LIFETIME,
    )
    db.session.add(token)
    db.session.flush()
    audit_record(
        action=f"user.{purpose.value}.create", actor=by, object_type="user", object_id=user.id
    )
    return IssuedLink(
        token=token_serializer().dumps(secret), purpose=purpose, expires_at=token.expires_at
    )


def account_token_find(*, token: str) -> AccountToken:
    """Return the usable token behind a link, or raise LinkRefused or LinkGone."""
    if len(token) > TOKEN_MAX_LENGTH:
        raise LinkRefused
    try:
        secret = token_serializer().loads(token, max_age=int(TOKEN_LIFETIME.total_seconds()))
    except SignatureExpired:
        raise LinkGone from None
    except BadSignature:
        raise LinkRefused from None
    if not isinstance(secret, str):
        raise LinkRefused
    found = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == secret_digest(secret))
    )
    if found is None:
        raise LinkRefused
    if found.used_at is not None or found.expires_at <= now() or not found.user.active:
        raise LinkGone
    return found


def account_token_use(*, token: AccountToken, password: str) -> User:
    """Spend a token to set its login's password; raise LinkGone if it was spent meanwhile."""
    moment = now()
    # One conditional UPDATE: of two requests racing with the same link, only one wins.
    spent = db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.id == token.id,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > moment,
        )
        .values(used_at=moment)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        raise LinkGone
    user = token.user
    password_set(user=user, password=password)
    audit_record(
        action="user.password.set",
        actor=user,
        object_type="user",
        object_id=user.id,
        detail={"purpose": token.purpose.value},
    )
    return user


def login_invite(
    *,
    email: str,
    role: Role,
    by: User,
    display_name: str | None = None,
    partner: PartnerOrganisation | None = None,
    participant: Participant | None = None,
) -> tuple[User, IssuedLink]:
    """Create a login without a password and an invitation link for it."""
    user = user_create(
        email=email,
        role=role,
        partner=partner,
        participant=participant,
        display_name=display_name,
    )
    audit_record(
        action="user.create",
        actor=by,
        object_type="user",
        object_id=user.id,
        detail={"role": role.value},
    )
    return user, account_link_create(user=user, by=by)


def user_disable(*, user: User, by: User) -> None:
    """Disable a login, sign it out everywhere and void its unused links."""
    if user.id == by.id:
        raise AccountRuleError(_l("You cannot disable your own login."))
    if not user.active:
        return
    user.active = False
    user.session_version = (user.session_version or 1) + 1
    db.session.execute(
        delete(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
    )
    audit_record(action="user.disable", actor=by, object_type="user", object_id=user.id)


def user_enable(*, user: User, by: User) -> None:
    """Enable a disabled login again; an erased participant's login stays disabled."""
    if user.participant is not None and user.participant.erased_at is not None:
        raise AccountRuleError(_l("This participant was erased; their login cannot return."))
    if user.active:
        return
    user.active = True
    audit_record(action="user.enable", actor=by, object_type="user", object_id=user.id)


def pending_link_condition():
    """Return the SQL condition for a token that can still be used."""
    return (AccountToken.used_at.is_(None)) & (AccountToken.expires_at > now())


def pending_link_find(*, user: User) -> AccountToken | None:
    """Return the login's link that can still be used, if any."""
    return db.session.scalar(
        select(AccountToken)
        .where(AccountToken.user_id == user.id, pending_link_condition())
        .order_by(AccountToken.created_at.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class LoginRow:
    """One line of the Logins page."""

    user: User
    name: str | None
    pending_until: datetime | None


def logins_list() -> list[LoginRow]:
    """List every login with its name, organisation and pending link, in one query."""
    pending_until = (
        select(func.max(AccountToken.expires_at))
        .where(AccountToken.user_id == User.id, pending_link_condition())
        .scalar_subquery()
    )
    name = func.coalesce(Participant.preferred_name, User.display_name)
    rows = db.session.execute(
        select(User, pending_until)
        .outerjoin(User.participant)
        .outerjoin(User.partner)
        .options(
            # The list shows no e-mail: leave it encrypted. Only the preferred name is read.
            defer(User.email_encrypted),
            defer(User.password_hash),
            contains_eager(User.participant).load_only(
                Participant.id, Participant.preferred_name, Participant.erased_at
            ),
            contains_eager(User.partner),
        )
        .order_by(User.role, func.lower(name), User.id)
    ).all()
    return [
        LoginRow(
            user=user,
            name=user.participant.preferred_name if user.participant else user.display_name,
            pending_until=until,
        )
        for user, until in rows
    ]
