"""A real OpenID Connect provider for the sign-in tests, on loopback, with passwords.

``oidc-provider-mock`` (PyPI) implements the protocol the app talks to — discovery, the
authorization-code flow, signed ID tokens with ``exp``, the end-session endpoint — and would sign
anyone in by subject alone. A city's identity provider checks a password, so this one does too:
its sign-in form asks for one, and a wrong password is refused on the provider's own page (no
code is issued, the app never hears of it). Users and their claims (``email``, ``name``,
``groups``) are given by the test; ``token_max_age`` sets the ID token's lifetime.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "idp_templates"


@contextmanager
def identity_provider(users: Mapping[str, tuple[str, dict]], *,
                      token_max_age: timedelta = timedelta(hours=1)) -> Iterator[str]:
    """Run the provider on 127.0.0.1 (a free port) in a thread; yields its base URL.

    ``users``: subject → (password, claims)."""
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on loopback only
    import flask
    import werkzeug.serving
    from oidc_provider_mock import User, init_app

    app = flask.Flask("test_idp", template_folder=str(TEMPLATES))
    init_app(app, access_token_max_age=token_max_age,
             user_claims=[User(sub=sub, claims=dict(claims)) for sub, (_, claims) in users.items()])
    app.secret_key = secrets.token_bytes(16)

    @app.before_request
    def check_password():  # the city's password check, in front of the mock's authorize endpoint
        request = flask.request
        if request.path == "/oauth2/authorize" and request.method == "POST" \
                and request.form.get("action") != "deny":
            sub = request.form.get("sub", "")
            if sub not in users or users[sub][0] != request.form.get("password", ""):
                return flask.render_template("authorization_form.html", error=True), 401
        return None

    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
