"""Control characters in library text: found for `validate`, escaped before they reach a terminal.

Every C0 and C1 control character (and DEL) but tab and newline can move the
cursor, clear the screen, hide text or set the clipboard; printed as `\\x1b`
they are harmless and still visible.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with each control character but tab and newline written as ``\\xNN``."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def first_control(text: str) -> str | None:
    """The first control character (but tab and newline) in ``text``, escaped, or None."""
    m = CONTROL.search(text)
    return None if m is None else f"\\x{ord(m.group()):02x}"
