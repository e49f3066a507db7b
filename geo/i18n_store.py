"""UI strings of the team store on the Scenarier page: owner and visibility, sharing, rows that could
not be read, deleted scenarios and the audit list.

Part of :data:`geo.i18n.STRINGS`.
"""

from __future__ import annotations

STORE_STRINGS: dict[str, dict[str, str]] = {
    "sc_owner_line": {"sv": "Ägare: {owner} · {visibility}", "en": "Owner: {owner} · {visibility}"},
    "sc_vis_private": {"sv": "privat", "en": "private"},
    "sc_vis_shared": {"sv": "delad med teamet", "en": "shared with the team"},
    "sc_share": {"sv": "Dela med teamet", "en": "Share with the team"},
    "sc_unshare": {"sv": "Gör privat", "en": "Make private"},
    "sc_shared_now": {"sv": "Scenariot ”{name}” är delat med teamet.", "en": "Scenario “{name}” is shared with the team."},
    "sc_private_now": {"sv": "Scenariot ”{name}” är nu privat.", "en": "Scenario “{name}” is now private."},
    "sc_cannot_save": {
        "sv": "Som {role} kan du öppna och jämföra scenarier som delats med teamet, men inte spara egna.",
        "en": "As a {role} you can open and compare scenarios shared with the team, but not save your own.",
    },
    "sc_skipped": {
        "sv": "{n} sparade scenarier kunde inte läsas och visas inte (de andra visas som vanligt):",
        "en": "{n} saved scenarios could not be read and are not shown (the others are listed as usual):",
    },
    "sc_deleted_heading": {"sv": "Borttagna scenarier", "en": "Deleted scenarios"},
    "sc_no_deleted": {"sv": "Inga borttagna scenarier.", "en": "No deleted scenarios."},
    "sc_deleted_line": {"sv": "Ägare: {owner} · borttaget {when} av {who}",
                        "en": "Owner: {owner} · deleted {when} by {who}"},
    "sc_restore": {"sv": "Återställ", "en": "Restore"},
    "sc_restored": {"sv": "Scenariot ”{name}” är återställt.", "en": "Scenario “{name}” restored."},
    "sc_audit_heading": {"sv": "Ändringslogg", "en": "Audit log"},
    "sc_audit_empty": {"sv": "Ändringsloggen är tom.", "en": "The audit log is empty."},
    "sc_audit_when": {"sv": "Tid", "en": "Time"},
    "sc_audit_who": {"sv": "Vem", "en": "Who"},
    "sc_audit_action": {"sv": "Åtgärd", "en": "Action"},
    "sc_audit_scenario": {"sv": "Scenario", "en": "Scenario"},
    "sc_action_save": {"sv": "sparade", "en": "saved"},
    "sc_action_overwrite": {"sv": "skrev över", "en": "overwrote"},
    "sc_action_rename": {"sv": "bytte namn", "en": "renamed"},
    "sc_action_share": {"sv": "delade", "en": "shared"},
    "sc_action_unshare": {"sv": "gjorde privat", "en": "made private"},
    "sc_action_delete": {"sv": "tog bort", "en": "deleted"},
    "sc_action_restore": {"sv": "återställde", "en": "restored"},
}

__all__ = ["STORE_STRINGS"]
