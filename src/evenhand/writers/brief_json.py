"""A brief as JSON data: what it holds and its balance table, for scripts (``build --format json``).

Shape::

    {"format": "evenhand-brief", "version": 1, "title", "date", "topics": [ids],
     "sections": [{"position", "label", "claims": [{"label", "id", "title", "topic", "sources": [ids]}]}],
     "balance": [{"position", "claims", "words", "evidence", "quoted", "noted",
                  "acknowledged", "second_hand"}],
     "notices": [...]}

``second_hand`` is a share from 0 to 1 (see ``evenhand.evenness``).
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
        "topics": [t.topic for t in brief.topics],
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
        "balance": [
            {
                "position": r.position.id,
                "claims": r.claims,
                "words": r.words,
                "evidence": r.evidence,
                "quoted": r.quoted,
                "noted": r.noted,
                "acknowledged": r.acknowledged,
                "second_hand": round(r.second_hand, 4),
            }
            for r in brief.balance
        ],
        "notices": list(brief.notices),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
