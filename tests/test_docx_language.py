"""Word output in Spanish: every fixed text of the .docx from the gettext catalogue (headings, table
headers, the footer's page numbers, dates, the map's alternative text and outline words), the
document's language that of its text (as the HTML's `lang`)."""

from __future__ import annotations

import base64
import html
import re
import shutil

import pytest
from conftest import REPO, run_cli
from docx_check import document_language, open_docx, pictures, table_text
from test_language import english_left, library_text

SPANISH = REPO / "tests" / "fixtures" / "es-library"
EPOCH = {"SOURCE_DATE_EPOCH": "1709596800"}  # 2024-03-05
HAS_DOT = shutil.which("dot") is not None


def docx_text(document) -> str:
    """All the text a reader meets: body paragraphs (tables too), the footer, the pictures' alt text."""
    body = document.element.body
    lines = [
        "".join(
            t.text or ""
            for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
        )
        for p in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    ]
    lines += [p.text for s in document.sections for p in s.footer.paragraphs]
    lines += [a.get("descr", "") + " " + a.get("title", "") for a in pictures(document)]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def folleto(tmp_path_factory):
    out = tmp_path_factory.mktemp("es") / "folleto.docx"
    result = run_cli(
        "build",
        "-L",
        str(SPANISH),
        "folleto",
        "-f",
        "docx",
        "-f",
        "html",
        "-o",
        str(out),
        env=EPOCH,
    )
    assert result.code == 0, result.err
    return open_docx(out), out.with_suffix(".html").read_text(encoding="utf-8")


def test_spanish_library_docx_has_no_english_fixed_text(folleto):
    document, _ = folleto
    text = docx_text(document)
    for spanish in (
        "INFORME PARA EL DEBATE · 5 DE MARZO DE 2024",
        "LA PREGUNTA",
        "Las posturas de un vistazo",
        "Términos clave",
        "Contexto",
        "Datos clave",
        "Dónde chocan",
        "Preguntas para el debate",
        "Anexo: equilibrio de este informe",
        "Fuentes",
        "Elaborado con evenhand",
        "el 5 de marzo de 2024",
        "A FAVOR",
        "EN CONTRA",
        "responde a",
    ):
        assert spanish in text, spanish
    assert english_left(text) == []
    balance = table_text(document.tables[1])
    assert balance[0] == [
        "Postura",
        "Afirmaciones",
        "Palabras",
        "Pruebas",
        "Con cita",
        "Notas",
        "Contexto",
        "De segunda mano",
        "Nivel de lectura",
    ]
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Página ") and " de " in footer.text
    assert "PAGE" in footer._p.xml and "NUMPAGES" in footer._p.xml


def test_spanish_library_docx_language_is_spanish_as_the_html(folleto):
    document, page = folleto
    assert re.search(r'<html lang="es"', page)
    assert document.core_properties.language == "es-ES" and document_language(document) == "es-ES"
    assert document.core_properties.category == "Informe para el debate"


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
def test_map_alt_text_and_outline_words_are_spanish_in_word_and_html(folleto):
    document, page = folleto
    (alt,) = [a["descr"] for a in pictures(document)]
    assert alt.startswith("Mapa de argumentos de la pregunta «¿Debe Estados Unidos ayudar a México")
    assert re.search(
        r"6 afirmaciones \(.*\), con \d+ refutaciones directas entre afirmaciones\. El esquema", alt
    )
    outline = [p.text for p in document.paragraphs if p.style.name.startswith("List Bullet")]
    assert any(line.startswith("Pregunta: ") for line in outline)
    assert any(
        re.match(r"S1 \(Partidarios de la cooperación\) apoya a la pregunta: ", line)
        for line in outline
    )
    assert any(re.match(r"L1 \(Críticos de izquierda\) ataca a S1: ", line) for line in outline)
    # the HTML (and so the PDF): the <img>'s alt and the SVG's own label
    img = re.search(
        r'<img class="map" src="data:image/svg\+xml;base64,([^"]+)"[^>]*alt="([^"]*)"', page
    )
    assert html.unescape(img.group(2)) == alt
    svg = base64.b64decode(img.group(1)).decode("utf-8")
    assert 'aria-label="Mapa de argumentos: ' in svg
    assert "Argument map" not in svg


@pytest.mark.slow
def test_bundled_handout_with_language_es_keeps_english_content(tmp_path):
    out = tmp_path / "h.docx"
    result = run_cli(
        "build",
        "briefs/migration-handout.yaml",
        "--language",
        "es",
        "-f",
        "docx",
        "-o",
        str(out),
        env=EPOCH,
    )
    assert result.code == 0, result.err
    document = open_docx(out)
    text = docx_text(document)
    for spanish in (
        "LA PREGUNTA",
        "Términos clave",
        "Partidarios",
        "Críticos de derecha",
        "Fuentes",
        "Página ",
    ):
        assert spanish in text, spanish
    assert english_left(text, library_text(REPO)) == []
    assert "Should the United States manage migration in cooperation with Mexico" in text
    # the text is the library's English: Word checks its spelling as English, as the HTML's lang="en"
    assert document.core_properties.language == "en-US" and document_language(document) == "en-US"


def test_a_catalogue_with_a_wrong_placeholder_keeps_english_for_that_text(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(SPANISH, lib)
    folder = lib / "locales" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "evenhand.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Page %(page)s of %(pages)s"\nmsgstr "Page %(pagex)s sur %(pages)s"\n\n'
        'msgid "Key facts"\nmsgstr "Faits clés"\n',
        encoding="utf-8",
    )
    out = tmp_path / "f.docx"
    result = run_cli(
        "build",
        "-L",
        str(lib),
        "folleto",
        "--language",
        "fr",
        "-f",
        "docx",
        "-o",
        str(out),
        env=EPOCH,
    )
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    document = open_docx(out)
    assert document.sections[0].footer.paragraphs[0].text.startswith("Page ")
    assert "Faits clés" in docx_text(document)


def test_each_document_starts_from_its_own_languages_styles(tmp_path):
    """The styled empty document is made once per language and process: a Spanish brief, an
    English one and a Spanish one again, built in turn, each have their own language, and
    what one build adds is not in the next."""
    spanish, english = tmp_path / "es.docx", tmp_path / "en.docx"
    tiny = tmp_path / "tiny"
    assert run_cli("init", str(tiny)).code == 0
    languages = []
    for lib, recipe, out in (
        (SPANISH, "folleto", spanish),
        (tiny, "handout", english),
        (SPANISH, "folleto", spanish),
    ):
        result = run_cli("build", "-L", str(lib), recipe, "-f", "docx", "-o", str(out), env=EPOCH)
        assert result.code == 0, result.err
        document = open_docx(out)
        languages.append((document.core_properties.language, document_language(document)))
        headings = [p.text for p in document.paragraphs if p.style.name == "Title"]
        assert len(headings) == 1, headings
    assert languages == [("es-ES", "es-ES"), ("en-US", "en-US"), ("es-ES", "es-ES")]
