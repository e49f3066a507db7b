"""UI strings of sign-in and roles (:mod:`ui.auth`, :mod:`geo.access`). Part of :data:`geo.i18n.STRINGS`."""

from __future__ import annotations

AUTH_STRINGS: dict[str, dict[str, str]] = {
    "auth_sign_in_intro": {
        "sv": "Områdesindex visar stadens interna underlag. Logga in med ditt konto i Malmö stad för att fortsätta.",
        "en": "Områdesindex shows the city's internal data. Sign in with your City of Malmö account to continue.",
    },
    "auth_sign_in": {"sv": "Logga in", "en": "Sign in"},
    "auth_sign_in_again": {"sv": "Logga in igen", "en": "Sign in again"},
    "auth_expired": {"sv": "Din inloggning har gått ut. Logga in igen för att fortsätta.",
                     "en": "Your sign-in has expired. Sign in again to continue."},
    "auth_no_role": {
        "sv": "Kontot {who} har ingen roll i Områdesindex. Be en förvaltare att ge dig en roll, eller logga ut och "
              "logga in med ett annat konto.",
        "en": "The account {who} has no role in Områdesindex. Ask an administrator for a role, or sign out and sign "
              "in with another account.",
    },
    "auth_sign_out": {"sv": "Logga ut", "en": "Sign out"},
    "auth_signed_in_as": {"sv": "Inloggad som **{name}** ({role})", "en": "Signed in as **{name}** ({role})"},
    "auth_single_user": {
        "sv": "Enanvändarläge: ingen inloggning är konfigurerad, så allt görs som lokal användare på den här datorn.",
        "en": "Single-user mode: no sign-in is configured, so everything is done as the local user of this "
              "machine.",
    },
    "auth_no_upload": {
        "sv": "Din roll ({role}) kan se alla sidor men inte läsa in filer. Be en förvaltare om rollen planerare.",
        "en": "Your role ({role}) can see every page but not load files. Ask an administrator for the planner "
              "role.",
    },
}
