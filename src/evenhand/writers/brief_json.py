"""Brief → JSON: what the brief holds and its balance, for scripts and spreadsheets.

Per position: claims, words, evidence items, the reading grade (median,
lowest, highest), and how its evidence is presented (items quoted, noted,
acknowledged; the share of second-hand claims); per claim its label, id, title and grade; the key terms.
The bytes depend only on the brief.
"""

from __future__ import annotations

import json

from evenhand.brief import Brief


def render(brief: Brief) -> str:
    data = {
        "title": brief.title,
        "date": brief.date,
        "template": brief.template,
        "language": brief.language,
        "topics": [t.topic for t in brief.main_topics],
        "reading_formula": brief.reading_formula,
        "balance": [
            {
                "position": r.position.id,
                "label": r.position.label,
                "claims": r.claims,
                "words": r.words,
                "evidence": r.evidence,
                "grade": {"median": r.grade_median, "min": r.grade_min, "max": r.grade_max},
                # how the evidence is presented (evenhand.evenness); second_hand is a share from 0 to 1
                "quoted": r.quoted,
                "noted": r.noted,
                "acknowledged": r.acknowledged,
                "second_hand": round(r.second_hand, 4),
            }
            for r in brief.balance
        ],
        "claims": [
            {"label": c.label, "id": c.claim.id, "position": c.position.id, "title": c.claim.title, "words": c.words, "grade": c.grade}
            for c in brief.claims
        ],
        "key_terms": [{"term": t.term, "definition": t.definition} for t in brief.key_terms],
        "references": len(brief.references),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
