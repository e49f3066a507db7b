"""Sign-in and roles in the app (issue 16, points 1–2), through AppTest's simulated identity.

The real OpenID Connect flow (a provider on loopback, a wrong password, an expired sign-in, sign-out)
is tests/e2e/test_signin_e2e.py; here: what each state shows and what each role may do."""

from __future__ import annotations

import time

import pytest

from geo.access import LOCAL_USER
from geo.i18n import t
from tests.ui.apphelpers import app, ok
from ui import auth

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "omradesindex", "client_secret": "hemligt",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def signed_in(page=None, *, email="anna@malmo.se", exp=None, groups=(), data="demo", **extra):
    return app(page, data=data, secrets={"auth": AUTH},
               user={"is_logged_in": True, "email": email, "name": "Anna Andersson",
                     "exp": exp if exp is not None else time.time() + 3600, "groups": list(groups), **extra})


@pytest.fixture
def policy(tmp_path, monkeypatch):
    """Roles from a config file: group "oi-planerare" → planerare, bo@malmo.se → förvaltare."""
    cfg = tmp_path / "omradesindex.toml"
    cfg.write_text('[auth]\ndefault_role = "lasare"\n[auth.groups]\n"oi-planerare" = "planerare"\n'
                   '[auth.users]\n"bo@malmo.se" = "forvaltare"\n', encoding="utf-8")
    monkeypatch.setattr(auth, "default_config_files", lambda: [cfg])
    return cfg


def test_without_sign_in_configured_it_is_single_user_mode():
    at = app()
    ok(at)
    assert at.session_state[auth.USER_KEY] == LOCAL_USER
    assert any(c.value == t("auth_single_user", "sv") for c in at.sidebar.caption)


def test_signed_out_sees_only_the_sign_in_screen():
    at = app(secrets={"auth": AUTH}, user={"is_logged_in": False})
    assert not at.exception
    assert [i.value for i in at.info] == [t("auth_sign_in_intro", "sv")]
    assert at.button(key="auth_login").label == t("auth_sign_in", "sv")
    assert "page_context" not in at.session_state  # no data was read or shown
    assert not [m for m in at.markdown if "oi-banner" in m.value and m.value.startswith("<div")]


def test_signed_in_shows_who_and_offers_sign_out(policy):
    at = signed_in()
    ok(at)
    assert any("Inloggad som **Anna Andersson** (läsare)" in m.value for m in at.sidebar.markdown)
    assert at.button(key="auth_logout").label == t("auth_sign_out", "sv")
    assert "page_context" in at.session_state


def test_an_expired_sign_in_is_refused(policy):
    at = signed_in(exp=time.time() - 10)
    assert not at.exception
    assert [i.value for i in at.info] == [t("auth_expired", "sv")]
    assert at.button(key="auth_login").label == t("auth_sign_in_again", "sv")
    assert "page_context" not in at.session_state


def test_roles_from_groups_and_the_allow_list(policy):
    assert signed_in(groups=["oi-planerare"]).session_state[auth.USER_KEY].role == "planerare"
    assert signed_in(email="bo@malmo.se").session_state[auth.USER_KEY].role == "forvaltare"
    assert signed_in(email="cecilia@malmo.se").session_state[auth.USER_KEY].role == "lasare"


def test_no_role_no_entry(tmp_path, monkeypatch):
    cfg = tmp_path / "omradesindex.toml"
    cfg.write_text('[auth]\ndefault_role = ""\n[auth.users]\n"bo@malmo.se" = "planerare"\n', encoding="utf-8")
    monkeypatch.setattr(auth, "default_config_files", lambda: [cfg])
    at = signed_in(email="eva@example.com")
    assert not at.exception and "page_context" not in at.session_state
    assert "eva@example.com" in at.info[0].value and at.button(key="auth_logout_screen")


def test_a_reader_gets_no_uploader(policy):
    at = signed_in("importera")
    ok(at)
    assert any("inte läsa in filer" in i.value for i in at.info)
    assert not at.get("file_uploader")
    planner = signed_in("importera", groups=["oi-planerare"])
    ok(planner)
    assert planner.get("file_uploader")
