"""Fixed texts in the brief's language: gettext catalogues, dates, citations, position labels."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import REPO, pdf_text

SPANISH = REPO / "tests" / "fixtures" / "es-library"
POT = REPO / "src" / "evenhand" / "locales" / "evenhand.pot"
EPOCH = {"SOURCE_DATE_EPOCH": "1709596800"}  # 2024-03-05

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def english_fixed_texts() -> list[str]:
    """Every English message of the templates and writers, cut at its placeholders, that is long
    enough to be told apart from content (the catalogue template lists them all)."""
    with POT.open("rb") as fh:
        catalog = read_po(fh)
    chunks = set()
    for message in catalog:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            for chunk in re.split(r"%\(\w+\)[sd]", msgid or ""):
                chunk = chunk.strip(" .:;,")
                if len(chunk) >= 5:
                    chunks.add(chunk)
    return sorted(chunks)


def squeeze(text: str) -> str:
    """Lower case, no white space and no hyphenation marks: headings printed in letter-spaced
    capitals or broken over lines still match."""
    return re.sub(r"[\s\u2010\u00ad-]+", "", text).lower()


def normal(text: str) -> str:
    """pdftotext's text with words broken at line ends joined, letter-spaced capitals closed up
    ("L A PREGUNTA"), and runs of white space made one space."""
    text = re.sub(r"[\u2010\u00ad]\n\s*", "", text)
    text = re.sub(r"\b([A-ZÁÉÍÓÚÑ]) (?=[A-ZÁÉÍÓÚÑ]{2,})", r"\1", text)
    return " ".join(text.split())


def english_left(text: str, content: str = "") -> list[str]:
    """The English fixed texts still in ``text`` (whole words, any case), leaving out those that
    the library's own content also uses (an English library's claims say "Supporters" too)."""
    flat = normal(text)
    found = []
    for chunk in english_fixed_texts():
        if chunk.lower() in content.lower():
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in chunk.split()) + r"(?!\w)"
        if re.search(pattern, flat, re.I):
            found.append(chunk)
    return found


def library_text(root: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("arguments", "seeds")
        for p in sorted((root / folder).rglob("*.yaml"))
    )


@needs_pdftotext
def test_spanish_library_builds_a_spanish_handout_with_no_english_fixed_text(cli, tmp_path):
    out = tmp_path / "folleto.pdf"
    result = cli("build", "-L", str(SPANISH), "folleto", "-o", str(out), env=EPOCH)
    assert result.code == 0, result.err
    text = pdf_text(out)
    flat = squeeze(text)
    for spanish in (
        "La pregunta",
        "Las posturas de un vistazo",
        "Términos clave",
        "Contexto",
        "Datos clave",
        "Dónde chocan",
        "Preguntas para el debate",
        "Anexo: equilibrio de este informe",
        "Nivel de lectura",
        "Fuentes",
        "Mapa de argumentos",
        "Leyenda",
        "Página 1 de",
        "5 de marzo de 2024",
        "Críticos de izquierda",
        "Partidarios de la cooperación",
        "responde a",
        "Modo de equilibrio: estricto",
    ):
        assert squeeze(spanish) in flat, spanish
    assert english_left(text) == []
    # citations in citeproc's Spanish locale: a chapter is "En" its book
    assert "En Re-Building a Complex Partnership" in text
    # the Markdown has the same headings
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert (
        "## La pregunta" in md and "## Términos clave" in md and "| Postura | Afirmaciones |" in md
    )


def test_spanish_cards_have_spanish_answer_lines_colophon_and_cite_words(cli, tmp_path):
    out = tmp_path / "tarjetas.html"
    result = cli(
        "build",
        "-L",
        str(SPANISH),
        "folleto",
        "--template",
        "cards",
        "-f",
        "html",
        "-f",
        "md",
        "-o",
        str(out),
        env=EPOCH,
    )
    assert result.code == 0, result.err
    for page in (
        out.read_text(encoding="utf-8"),
        out.with_suffix(".md").read_text(encoding="utf-8"),
    ):
        assert re.search(r"Responde a PRO · Partidarios de la cooperación, S1, con", page)
        # a section locator in the full cite
        assert re.search(r"\bEn: Reforming Humanitarian Protection\.", page)
        for english in ("Answers ", "At: ", "Accessed ", "n.d.", "Highlighted and underlined"):
            assert english not in page, english
    assert "Resaltadas y subrayadas" in out.read_text(encoding="utf-8")


@pytest.mark.slow
@needs_pdftotext
def test_bundled_handout_with_language_es_keeps_its_english_content(cli, tmp_path):
    out = tmp_path / "h.pdf"
    result = cli(
        "build",
        "briefs/migration-handout.yaml",
        "--language",
        "es",
        "--format",
        "pdf",
        "-o",
        str(out),
        env=EPOCH,
    )
    assert result.code == 0, result.err
    text = pdf_text(out)
    flat = squeeze(text)
    for spanish in (
        "La pregunta",
        "Términos clave",
        "Partidarios",
        "Críticos de derecha",
        "Página 1 de",
        "5 de marzo de 2024",
        "Fuentes",
    ):
        assert squeeze(spanish) in flat, spanish
    assert english_left(text, library_text(REPO)) == []
    assert "Should the United States manage migration in cooperation with Mexico" in " ".join(
        text.split()
    )


def test_an_unknown_language_is_a_command_line_error_and_a_recipe_error(cli, library_copy):
    result = cli(
        "build",
        "-L",
        str(library_copy),
        "--topic",
        "labor-pathways",
        "--language",
        "xx",
        "--format",
        "md",
    )
    assert result.code == 2
    assert "no catalogue for language 'xx' (available: en, es)" in result.err
    (library_copy / "briefs" / "fr.yaml").write_text(
        "title: F\ntopics: [labor-pathways]\nlanguage: fr\n", encoding="utf-8"
    )
    result = cli("validate", "-L", str(library_copy))
    assert result.code == 1
    assert re.search(r"briefs/fr\.yaml:3:11: error: no catalogue for language 'fr'", result.out)
    assert "python" not in result.err.lower()


def test_a_library_adds_a_language_with_its_own_catalogue(cli, library_copy, tmp_path):
    folder = library_copy / "locales" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "evenhand.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "The question"\nmsgstr "La question"\n\nmsgid "Supporters"\nmsgstr "Partisans"\n',
        encoding="utf-8",
    )
    out = tmp_path / "f.md"
    result = cli(
        "build",
        "-L",
        str(library_copy),
        "--topic",
        "labor-pathways",
        "--language",
        "fr",
        "--format",
        "md",
        "-o",
        str(out),
    )
    assert result.code == 0, result.err
    md = out.read_text(encoding="utf-8")
    assert "## La question" in md and "## Partisans" in md
    assert "## Key facts" in md  # not translated in this catalogue: English stays


def test_a_broken_catalogue_is_reported_not_a_traceback(cli, library_copy):
    folder = library_copy / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "evenhand.po").write_bytes(b'msgid "The question"\nmsgstr "Die Frage"\nxyz\n')
    result = cli(
        "build",
        "-L",
        str(library_copy),
        "--topic",
        "labor-pathways",
        "--language",
        "de",
        "--format",
        "md",
    )
    assert result.code == 2
    assert "cannot read the catalogue" in result.err
    assert "Traceback" not in result.err


def test_the_spanish_catalogue_translates_every_message():
    with POT.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with (REPO / "src/evenhand/locales/es/LC_MESSAGES/evenhand.po").open("rb") as fh:
        catalog = read_po(fh)
    done = {
        m.id
        for m in catalog
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    assert wanted <= done


def test_spanish_map_legend_alt_text_is_spanish(cli, tmp_path):
    """The legend's alternative text names the boxes and the lines in the brief's language."""
    out = tmp_path / "folleto.html"
    result = cli("build", "-L", str(SPANISH), "folleto", "-f", "html", "-o", str(out), env=EPOCH)
    assert result.code == 0, result.err
    alts = re.findall(r'alt="(Leyenda:[^"]*)"', out.read_text(encoding="utf-8"))
    assert alts, "no legend"
    assert alts[0] == (
        "Leyenda: S: Partidarios de la cooperación, recuadro redondeado; L: Críticos de izquierda, "
        "borde doble; R: Críticos de derecha, recuadro con esquinas cortadas; flecha continua: apoya a; "
        "línea discontinua con una barra: ataca a"
    )
