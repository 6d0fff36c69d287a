"""The one place where evenhand's output meets a terminal.

`main()` wraps standard output and error in ``EscapingStream``: whatever any
command prints (messages, problems, summaries, `show`, `list`, tracebacks with
--debug) has its control characters escaped (evenhand.control_chars), so a
title holding ``ESC[2J`` or an OSC 52 clipboard request shows as ``\\x1b[2J``.
That holds for data printed on request too (a brief with ``-o -``, an export,
a map): text on standard output may end up on a terminal, piped or not. Only a
file named with ``-o`` gets the library's text byte for byte, and a PDF
(binary) goes to standard output as it is.
"""

from __future__ import annotations

import sys

from evenhand.control_chars import escape_controls


class EscapingStream:
    """A text stream that escapes control characters in everything written to it.

    It hides the binary ``buffer`` of the stream it wraps, so that nothing
    (Click's echo included) writes around it.
    """

    def __init__(self, stream):
        self._stream = stream

    @property
    def raw(self):
        """The wrapped stream, for data written on purpose and for Rich's progress bar."""
        return self._stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError("EscapingStream takes text")
        self._stream.write(escape_controls(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        if name == "buffer":
            raise AttributeError(name)
        return getattr(self._stream, name)


def install() -> None:
    """Escape control characters in all that is printed from now on (idempotent)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, EscapingStream):
            setattr(sys, name, EscapingStream(stream))


def raw(stream):
    """The stream under an EscapingStream (or the stream itself)."""
    return stream.raw if isinstance(stream, EscapingStream) else stream


def write_data(data: str | bytes) -> None:
    """Data (not a message) to standard output: text escaped like every message, bytes as they are."""
    out = sys.stdout
    if isinstance(data, bytes):
        target = raw(out)
        target.flush()
        target.buffer.write(data)
        target.buffer.flush()
        return
    out.write(data)
    out.flush()
