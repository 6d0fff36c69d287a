"""The focused layout (brief.focus) in a Word document: the case, "Objections and
answers", "Not yet answered" (as in templates/_focus.html.j2), for the handout
and the one-pager of evenhand.writers.docx."""

from __future__ import annotations

from evenhand.brief import Brief, BriefClaim, Focus, Objection
from evenhand.writers import docx_ooxml as ox
from evenhand.writers import docx_parts as parts
from evenhand.writers.citations import Bibliography
from evenhand.writers.docx_styles import position_colour
from evenhand.writers.docx_text import add_markdown, add_run, para, tr


def focus_line(document, focus: Focus) -> None:
    """ "Focus: Supporters" under the masthead."""
    add_run(
        para(document, "Subtitle"),
        tr(document)("Focus: %(position)s") % {"position": focus.position.label},
        bold=True,
    )


def write_focus(document, brief: Brief, f: Focus, bib: Bibliography, *, compact: bool) -> None:
    """The case, then the objections with the case's answers, then those not yet answered
    (``f``: the brief's focus)."""
    from evenhand.writers.html import first_sentence

    _ = tr(document)
    index = {s.position.id: i for i, s in enumerate(brief.sections)}

    def claim(bc: BriefClaim, who: str = "", best: bool = False) -> None:
        i = index[bc.position.id]
        p = para(document, "Heading 2")
        parts.badge(p, bc.label, i)
        add_run(p, ox.xml_text(bc.claim.title))
        if who:
            add_run(para(document, "Note"), who, colour=position_colour(i))
        if bc.claim.text:
            add_markdown(document, first_sentence(bc.claim.text) if compact else bc.claim.text)
        evidence = bc.evidence
        if best or compact:
            evidence = ([ce for ce in bc.evidence if ce.evidence.quote] + list(bc.evidence))[:1]
        for ce in evidence:
            parts.quote(document, bib, ce, i, indent=0 if compact else 21.6, locator=not compact)

    def objection(o: Objection) -> None:
        against = f", {_('against')} " + ", ".join(t.label for t in o.targets) if o.targets else ""
        claim(o.claim, o.claim.position.label + against, best=True)
        if o.answers:
            p = para(document, "Note")
            add_run(p, _("Answer:") + " ", bold=True)
            add_run(p, "; ".join(f"{a.label} {a.claim.title}" for a in o.answers))

    parts.position_heading(document, brief.sections[0], 0, stance=False).runs[-1].text = _(
        "The case: %(position)s"
    ) % {"position": f.position.label}
    for bc in f.case:
        claim(bc)
    para(document, "Heading 1", _("Objections and answers"))
    for o in f.answered:
        objection(o)
    if not f.answered:
        para(document, "Note", _("The case answers none of the other positions' claims yet."))
    if f.unanswered:
        para(document, "Heading 1", _("Not yet answered"))
        for o in f.unanswered:
            objection(o)


def focus_note(focus: Focus, _=lambda text: text) -> str:
    """The balance note's first sentence for a focused brief (``_``: the document's gettext)."""
    return (
        _("Focused on %(position)s: their case first, the other positions' claims as objections.")
        % {"position": focus.position.label}
        + " "
    )
