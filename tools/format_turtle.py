"""Rewrite Turtle files into the package's canonical form (see terve_kunta.rdf.canonical).

    python tools/format_turtle.py                 # every file under ontology/
    python tools/format_turtle.py FILE ...        # only these
    python tools/format_turtle.py --check [FILE]  # exit 1 if a file is not canonical

Canonical Turtle keeps no comments: put notes in the data (rdfs:comment,
skos:editorialNote) so that they survive and can be queried.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from terve_kunta.rdf.canonical import canonical_turtle  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="report files not in canonical form, change nothing")
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "ontology").rglob("*.ttl"))
    bad = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        canonical = canonical_turtle(Graph().parse(data=text, format="turtle"))
        if text == canonical:
            continue
        if args.check:
            print(f"not canonical: {path}", file=sys.stderr)
            bad += 1
        else:
            path.write_text(canonical, encoding="utf-8")
            print(f"formatted {path}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
