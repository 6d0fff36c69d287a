"""A brief as JSON data: what it holds and its balance table, for scripts (``build --format json``).

Shape::

    {"format": "evenhand-brief", "version": 1, "title", "date", "template", "language",
     "topics": [ids], "reading_formula",
     "sections": [{"position", "label", "claims": [{"label", "id", "title", "topic", "sources": [ids]}]}],
     "claims": [{"label", "id", "position", "title", "words", "grade"}],
     "balance": [{"position", "label", "claims", "words", "evidence", "quoted", "noted",
                  "acknowledged", "second_hand", "grade": {"median", "min", "max"}}],
     "key_terms": [{"term", "definition"}], "references": N, "notices": [...]}

``second_hand`` is a share from 0 to 1 (see ``evenhand.evenness``); grades come from
``evenhand.readability``. The bytes depend only on the brief.
"""

from __future__ import annotations

import json

from evenhand.brief import Brief

FORMAT = "evenhand-brief"
VERSION = 1


def render(brief: Brief) -> str:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "title": brief.title,
        "date": brief.date,
        "template": brief.template,
        "language": brief.language,
        "topics": [t.topic for t in brief.topics],
        "reading_formula": brief.reading_formula,
        "sections": [
            {
                "position": s.position.id,
                "label": s.position.label,
                "claims": [
                    {
                        "label": c.label,
                        "id": c.claim.id,
                        "title": c.claim.title,
                        "topic": c.topic.topic,
                        "sources": [ce.source.id for ce in c.evidence],
                    }
                    for c in s.claims
                ],
            }
            for s in brief.sections
        ],
        "claims": [
            {
                "label": c.label,
                "id": c.claim.id,
                "position": c.position.id,
                "title": c.claim.title,
                "words": c.words,
                "grade": c.grade,
            }
            for c in brief.claims
        ],
        "balance": [
            {
                "position": r.position.id,
                "label": r.position.label,
                "claims": r.claims,
                "words": r.words,
                "evidence": r.evidence,
                "quoted": r.quoted,
                "noted": r.noted,
                "acknowledged": r.acknowledged,
                "second_hand": round(r.second_hand, 4),
                "grade": {"median": r.grade_median, "min": r.grade_min, "max": r.grade_max},
            }
            for r in brief.balance
        ],
        "key_terms": [{"term": t.term, "definition": t.definition} for t in brief.key_terms],
        "references": len(brief.references),
        "notices": list(brief.notices),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
