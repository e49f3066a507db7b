"""Sign-in and the session's user: OpenID Connect through ``st.login`` when configured, else single-user mode.

A deployment for a team puts its identity provider (Entra ID, Keycloak, …) in
``.streamlit/secrets.toml`` (``[auth]`` with ``redirect_uri``, ``cookie_secret``, ``client_id``,
``client_secret``, ``server_metadata_url``; a template is in ``deploy/``). Then :func:`gate` — called
by the entry point before any data is read — lets nobody past the sign-in screen, refuses a sign-in
whose identity token has expired (``exp``: the provider decides how long a sign-in lasts; Streamlit's
own cookie lasts 30 days) and one without a role, and gives everyone else a :class:`~geo.access.User`
with the role :class:`~geo.access.AccessPolicy` (``[auth]`` in ``omradesindex.toml``) assigns.
Without ``[auth]`` in the secrets (a planner's own machine) there is one local user who may do
everything, and the sidebar says so.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from geo.access import LOCAL_USER, ROLE_NAMES, AccessPolicy, User, load_policy
from geo.dataset.config import default_config_files
from geo.dataset.load import file_identity
from geo.errors import DataError
from geo.i18n import t
from ui.errors import show_error
from ui.layout import md_escape

USER_KEY = "auth_user"


def _auth_secrets() -> Mapping[str, Any] | None:
    try:
        section = st.secrets.get("auth")
    except Exception:  # no secrets file at all: Streamlit raises its own not-found error
        return None
    return section if isinstance(section, Mapping) and section else None


def sign_in_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section (then every page needs sign-in)."""
    return _auth_secrets() is not None


def _provider() -> str | None:
    """The provider to sign in with: the first ``[auth.<name>]`` table, or None for ``[auth]`` itself."""
    section = _auth_secrets() or {}
    return next((str(k) for k, v in section.items() if isinstance(v, Mapping)), None)


@st.cache_resource(show_spinner=False, max_entries=4)
def _policy(identity: str) -> AccessPolicy:
    return load_policy(default_config_files())


def policy() -> AccessPolicy:
    """The role policy, re-read when a config file changes."""
    return _policy(file_identity(default_config_files()))


def _login() -> None:
    st.login(_provider())


def _user_from(claims: Mapping[str, Any], role: Any) -> User:
    who = str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "")
    return User(id=who, name=str(claims.get("name") or who), role=role)


def gate(lang: str) -> User:
    """The session's user; draws the sign-in screen (and stops the run) when someone must sign in first."""
    if not sign_in_configured():
        st.session_state[USER_KEY] = LOCAL_USER
        return LOCAL_USER
    st.session_state.pop(USER_KEY, None)
    if not st.user.is_logged_in:
        _screen(lang, "auth_sign_in_intro", "auth_sign_in")
    claims = st.user.to_dict()
    exp = claims.get("exp")
    if isinstance(exp, (int, float)) and not isinstance(exp, bool) and exp < time.time():
        _screen(lang, "auth_expired", "auth_sign_in_again")
    try:
        role = policy().role_for(claims)
    except DataError as exc:  # a broken [auth] table: nobody gets a role until it is fixed
        show_error(exc, lang)
        st.stop()
    if role is None:
        _screen(lang, "auth_no_role", None, who=md_escape(claims.get("email") or claims.get("sub") or ""))
    user = _user_from(claims, role)
    st.session_state[USER_KEY] = user
    return user


def _screen(lang: str, text_key: str, button_key: str | None, **values: Any) -> None:
    """A page that shows no data: why, and the way on (sign in, or sign out)."""
    st.title(t("app_title", lang))
    st.info(t(text_key, lang, **values))
    if button_key is not None:
        st.button(t(button_key, lang), on_click=_login, type="primary", key="auth_login")
    if st.user.is_logged_in:
        st.button(t("auth_sign_out", lang), on_click=st.logout, key="auth_logout_screen")
    st.stop()


def current_user() -> User:
    """The user of this run (after :func:`gate`); nobody signed in has no rights beyond a läsare's."""
    user = st.session_state.get(USER_KEY)
    if isinstance(user, User):
        return user
    return LOCAL_USER if not sign_in_configured() else User(id="", name="", role="lasare")


def account_box(lang: str) -> None:
    """Sidebar: who is signed in, with which role, and "Logga ut" — or that this is single-user mode."""
    user = current_user()
    if user.single_user:
        st.caption(t("auth_single_user", lang))
        return
    st.markdown(t("auth_signed_in_as", lang, name=md_escape(user.name), role=ROLE_NAMES[user.role]))
    st.button(t("auth_sign_out", lang), on_click=st.logout, key="auth_logout")


__all__ = ["account_box", "current_user", "gate", "policy", "sign_in_configured"]
