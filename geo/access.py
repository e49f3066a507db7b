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

from dataclasses import dataclass
from typing import Literal

from geo.errors import DataError

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
    return text if text in ROLES else None  # type: ignore[return-value]


__all__ = ["LOCAL_USER", "ROLES", "ROLE_NAMES", "Action", "NotAllowed", "Role", "User", "parse_role", "require"]
