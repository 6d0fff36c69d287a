"""A WeasyPrint URL fetcher that reads only the library, the templates and our fonts.

WeasyPrint's default fetcher follows file:// and http:// anywhere and embeds
whatever `<link rel="attachment">` names. This one refuses the network and
every file outside the allowed folders (after resolving symbolic links), so a
brief can neither leak a local file into a PDF nor make a request.
Imported only by the PDF writer: it imports WeasyPrint.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from evenhand.writers.weasyprint_import import import_weasyprint

import_weasyprint()  # before weasyprint.urls: importing any part of WeasyPrint loads all of it
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402


class RefusedURL(ValueError):
    """A URL the restricted fetcher will not load."""


class LibraryFetcher(URLFetcher):
    """Serve file:// URLs under ``roots`` (and data: URLs); refuse everything else."""

    def __init__(self, roots: Sequence[str | os.PathLike[str]], **kwargs):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, **kwargs)
        self.roots = [Path(os.path.realpath(r)) for r in roots]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            parts = urlsplit(url)
        except ValueError:  # e.g. "http://[x": not a URL at all
            return self._refuse(url, "not a valid URL")
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(
                url, "only files in the library, the templates and the fonts are allowed"
            )
        path = Path(os.path.realpath(unquote(parts.path)))
        if not any(path.is_relative_to(root) for root in self.roots):
            return self._refuse(url, "outside the library, the templates and the fonts")
        if not path.is_file():
            return self._refuse(url, "no such file")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    def _refuse(self, url: str, why: str):
        shown = url if len(url) <= 120 else url[:117] + "..."
        if shown not in self.refused:
            self.refused.append(shown)
        raise RefusedURL(f"refused {shown}: {why}")
