"""Maintainer check: every Chinese item of the package data quoted from the article is verbatim.

Covers the policy lists, the link evidence, the article's passages (the claim, the lead, the
zones' rationale, the key-task heading, the epithet) and the quoted phrases of the figures whose
source is the article. Whitespace is ignored on both sides (the key-task heading is printed with
a space).

The article is not shipped with the package (it is a newspaper's copyrighted text); this script
reads a local copy and is run by hand when the policy tables change:

    python scripts/check_against_article.py ../shared/seeds/000_f38267a61ae27191.txt

The printed page splits two paragraphs and continues them further down; SPLICES rejoins them in
reading order before the comparison. Exits 1 and lists the items not found.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "fuzhou_data" / "data"

# (end of the first part, start of its continuation further down the page)
SPLICES = [("补齐基础设施和公共服务短板，提", "升产业承载能力"), ("创新推进生态资源价值转化。深", "化制度改革")]

# (file, column) pairs holding verbatim article wording; rows of figures.csv only where the source
# is the article.
VERBATIM = [
    ("directions.csv", "title_zh"),
    ("directions.csv", "slogan_zh"),
    ("measures.csv", "name_zh"),
    ("actions.csv", "text_zh"),
    ("zones.csv", "name_zh"),
    ("tasks.csv", "text_zh"),
    ("measure_zones.csv", "evidence_zh"),
    ("task_directions.csv", "evidence_zh"),
    ("passages.csv", "text_zh"),
    ("figures.csv", "locator"),
]
ARTICLE = "article_2026"

# Passages the data must hold (ids of passages.csv): a missing row is an error, not a pass.
REQUIRED_PASSAGES = ("claim_above", "lead_six_directions", "zones_rationale", "task_heading", "epithet")


def reading_order(text: str) -> str:
    """Return the article's paragraphs with whitespace removed and page splits rejoined."""
    paragraphs = [re.sub(r"\s+", "", p) for p in re.split(r"\n\s*\n", text) if p.strip()]
    for head, tail in SPLICES:
        first = next(p for p in paragraphs if p.endswith(head))
        second = next(p for p in paragraphs if p.startswith(tail))
        paragraphs.append(first + second)
    return "\n".join(paragraphs)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    corpus = reading_order(Path(argv[1]).read_text(encoding="utf-8"))
    missing = []
    checked = 0
    for name, column in VERBATIM:
        path = DATA / name
        if not path.exists():
            missing.append(f"{name}: file not found")
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                value = re.sub(r"\s+", "", row[column])
                if not value or row.get("source", ARTICLE) != ARTICLE:
                    continue
                checked += 1
                if value not in corpus:
                    missing.append(f"{name}:{row.get('id', '?')}:{column}: {row[column]}")
    with (DATA / "passages.csv").open(encoding="utf-8", newline="") as f:
        held = {row["id"] for row in csv.DictReader(f)}
    missing += [f"passages.csv: required passage {p!r} is missing" for p in REQUIRED_PASSAGES if p not in held]
    print(f"{checked} items checked, {len(missing)} not verbatim in the article")
    for line in missing:
        print("  " + line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
