"""UI strings for files the server could not write (a full disk for temporary files, or another system
error): shown by :func:`ui.uploads.slot` in the app's error box, naming the file.

Part of :data:`geo.i18n.STRINGS`.
"""

from __future__ import annotations

DISKFULL_STRINGS: dict[str, dict[str, str]] = {
    "upload_disk_full": {
        "sv": "Filen ”{file}” kunde inte tas emot: disken för tillfälliga filer på servern är full. Inget av "
              "filen sparades. Försök igen om en stund, eller be den som driver tjänsten att frigöra utrymme.",
        "en": "The file “{file}” could not be received: the server's disk for temporary files is full. Nothing "
              "of the file was kept. Try again in a while, or ask whoever runs the service to free some space.",
    },
    "upload_not_written": {
        "sv": "Filen ”{file}” kunde inte sparas på servern (operativsystemets felkod {code}). Inget av filen "
              "sparades. Försök igen; om felet kvarstår, be den som driver tjänsten att se över mappen för "
              "tillfälliga filer.",
        "en": "The file “{file}” could not be stored on the server (operating system error {code}). Nothing of "
              "the file was kept. Try again; if it persists, ask whoever runs the service to check the folder "
              "for temporary files.",
    },
}

__all__ = ["DISKFULL_STRINGS"]
