"""Reading a user's file as UTF-8 text, with a size limit: one located problem when that fails."""

from __future__ import annotations

from pathlib import Path

from evenhand.problems import Location, Problem, error


def read_bytes(path: Path, display: str, limit: int) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or a problem naming ``display`` when it is too large or unreadable."""
    try:
        size = path.stat().st_size
        if size > limit:
            return None, error(
                Location(display, 1, 1),
                f"file is {size:,} bytes; the limit is {limit:,}",
                "too-large",
            )
        return path.read_bytes(), None
    except OSError as exc:
        return None, error(
            Location(display), f"cannot read file: {exc.strerror or exc}", "unreadable"
        )


def decode_utf8(raw: bytes, display: str) -> tuple[str | None, Problem | None]:
    """The bytes as text, or a problem at the line and column of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return None, error(
            Location(display, line, col),
            f"byte 0x{bad} is not UTF-8; save the file as UTF-8",
            "not-utf8",
        )
