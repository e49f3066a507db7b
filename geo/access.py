"""Who may do what: the signed-in user and the three roles of a shared deployment.

Deployed for a team (a styrgrupp, planners, politicians), the app signs people in through the
city's identity provider (OpenID Connect, ``st.login``) and gives each a role:

==============  ==========================================================================
role            may
==============  ==========================================================================
``lasare``      see every page, move sliders, open shared scenarios and links, export
``planerare``   also save scenarios (private or shared with the team), rename, share or
                delete their own, upload files for the session
``forvaltare``  also delete or restore anyone's scenario and read the audit list
==============  ==========================================================================

Without sign-in configured (a planner's own machine) there is one local user who may do
everything (:data:`LOCAL_USER`, "enanvändarläge"). The app offers only what the role allows, and
every layer that acts — the scenario store, the upload step — checks again with :func:`require`
(a refused action raises :class:`NotAllowed`, a :class:`~geo.errors.DataError` in Swedish), so a
crafted request cannot do what the page did not offer. No Streamlit import here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from geo.errors import DataError
from geo.tomlfile import read_toml

Role = Literal["lasare", "planerare", "forvaltare"]
ROLES: tuple[Role, ...] = ("lasare", "planerare", "forvaltare")
Action = Literal["view", "export", "save", "share", "upload", "edit_own", "delete_own", "delete_any",
                 "restore", "audit", "see_private"]

#: What each role may do (each role also has everything of the roles before it).
_ALLOWED: dict[Role, frozenset[str]] = {
    "lasare": frozenset({"view", "export"}),
    "planerare": frozenset({"view", "export", "save", "share", "upload", "edit_own", "delete_own"}),
    "forvaltare": frozenset({"view", "export", "save", "share", "upload", "edit_own", "delete_own", "delete_any",
                             "restore", "audit", "see_private"}),
}
ROLE_NAMES = {"lasare": "läsare", "planerare": "planerare", "forvaltare": "förvaltare"}


@dataclass(frozen=True)
class User:
    """The person acting: a stable ``id`` (the identity provider's e-mail or subject), a display name
    and a role; ``single_user`` when no sign-in is configured (the local user of a planner's machine)."""

    id: str
    name: str
    role: Role
    single_user: bool = False

    def can(self, action: Action) -> bool:
        return action in _ALLOWED[self.role]


#: The one user of an installation without sign-in: may do everything, as before sign-in existed.
LOCAL_USER = User(id="lokal", name="Lokal användare", role="forvaltare", single_user=True)


class NotAllowed(DataError):
    """An action the user's role does not allow (refused server-side even when not offered)."""


_ACTION_TEXT = {
    "view": "se appen", "export": "exportera", "save": "spara scenarier", "share": "dela scenarier",
    "upload": "läsa in filer", "edit_own": "ändra scenarier", "delete_own": "ta bort scenarier",
    "delete_any": "ta bort andras scenarier", "restore": "återställa borttagna scenarier",
    "audit": "se ändringsloggen", "see_private": "se andras privata scenarier",
}


def require(user: User, action: Action) -> None:
    """Raise :class:`NotAllowed` (Swedish, naming the role) unless ``user`` may do ``action``."""
    if not user.can(action):
        raise NotAllowed(f"rollen {ROLE_NAMES[user.role]} får inte {_ACTION_TEXT[action]}.",
                         hint="Be en förvaltare om en annan roll om du behöver det.")


def parse_role(value: object) -> Role | None:
    """A role from configuration text ("läsare", "planerare", "förvaltare", with or without å/ä/ö)."""
    text = str(value).strip().lower().replace("ä", "a").replace("å", "a").replace("ö", "o")
    for role in ROLES:
        if role == text:
            return role
    return None


@dataclass(frozen=True)
class AccessPolicy:
    """How a signed-in person gets a role (``[auth]`` in ``omradesindex.toml``)::

        [auth]
        role_claim = "groups"             # the identity token's claim with the person's groups
        default_role = "lasare"           # anyone signed in; "" = only those listed below
        [auth.groups]                     # group → role (the highest of a person's groups wins)
        "omradesindex-planerare" = "planerare"
        "omradesindex-forvaltare" = "forvaltare"
        [auth.users]                      # an allow-list by e-mail or subject; wins over groups
        "anna.andersson@malmo.se" = "forvaltare"

    Without an ``[auth]`` table every signed-in person is a läsare: a role that can change data must
    be given on purpose.
    """

    role_claim: str = "groups"
    default_role: Role | None = "lasare"
    groups: Mapping[str, Role] = field(default_factory=dict)
    users: Mapping[str, Role] = field(default_factory=dict)

    def role_for(self, claims: Mapping[str, object]) -> Role | None:
        """The role of a person with these identity claims, or None (not allowed in)."""
        ids = {str(claims[k]).strip().lower() for k in ("email", "sub", "preferred_username") if claims.get(k)}
        listed = [role for who, role in self.users.items() if who.strip().lower() in ids]
        if listed:
            return max(listed, key=ROLES.index)
        raw = claims.get(self.role_claim)
        groups = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, (list, tuple)) else []
        found = [self.groups[str(g)] for g in groups if str(g) in self.groups]
        if found:
            return max(found, key=ROLES.index)
        return self.default_role


def _roles(table: object, where: str, file: str) -> dict[str, Role]:
    if not isinstance(table, dict):
        raise DataError(f"{where} måste vara en tabell av namn = roll.", file=file)
    out: dict[str, Role] = {}
    for key, value in table.items():
        role = parse_role(value)
        if role is None:
            raise DataError(f"okänd roll {value!r} för {key!r} i {where}.", file=file,
                            hint="Roller: lasare, planerare, forvaltare.")
        out[str(key)] = role
    return out


def policy_from(doc: Mapping[str, object], *, file: str = "omradesindex.toml") -> AccessPolicy:
    """The ``[auth]`` table of a config document as an :class:`AccessPolicy` (defaults without one)."""
    head = doc.get("auth", {})
    if not isinstance(head, dict):
        raise DataError("[auth] måste vara en tabell.", file=file)
    default = head.get("default_role", "lasare")
    default_role = None if default in ("", None) else parse_role(default)
    if default not in ("", None) and default_role is None:
        raise DataError(f"okänd default_role {default!r} under [auth].", file=file,
                        hint='Roller: lasare, planerare, forvaltare, eller "" (bara de listade).')
    return AccessPolicy(role_claim=str(head.get("role_claim", "groups")), default_role=default_role,
                        groups=_roles(head.get("groups", {}), "[auth.groups]", file),
                        users=_roles(head.get("users", {}), "[auth.users]", file))


def load_policy(files: Iterable[Path]) -> AccessPolicy:
    """The policy of the first existing config file (``omradesindex.toml`` in the working directory,
    then ``~/.config/omradesindex/``), or the default (everyone a läsare)."""
    for path in files:
        if path.is_file():
            try:
                return policy_from(read_toml(path, what="konfigurationsfilen"), file=str(path))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise DataError(f"konfigurationsfilen kunde inte läsas ({exc}).", file=str(path)) from None
    return AccessPolicy()


__all__ = ["LOCAL_USER", "ROLES", "ROLE_NAMES", "AccessPolicy", "Action", "NotAllowed", "Role", "User", "load_policy", "parse_role", "policy_from", "require"]
