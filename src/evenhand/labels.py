"""Short labels for positions and claims (S1, L2, R3) shared by briefs and maps."""

from __future__ import annotations

from evenhand.model import Position


def position_letters(positions: list[Position]) -> dict[str, str]:
    """One short, unique label per position: its `short` key, else derived.

    supporters → S, a `left` perspective → L, `right` → R, else the first letter
    of the label; clashes get more letters.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for p in positions:
        if p.short:
            candidate = p.short
        elif p.perspective:
            candidate = p.perspective[:1].upper()
        elif p.stance == "pro" and p.id.startswith("support"):
            candidate = "S"
        else:
            candidate = (p.label or p.id)[:1].upper()
        base, n = candidate, 1
        while candidate in taken:
            n += 1
            letters = "".join(w[:1] for w in (p.label or p.id).split()).upper()
            candidate = letters[:n] if len(letters) >= n else f"{base}{n}"
        taken.add(candidate)
        out[p.id] = candidate
    return out
