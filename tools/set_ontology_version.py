"""Set the ontology version in every Turtle file under ontology/.

    python tools/set_ontology_version.py 0.2.0

Changes owl:versionInfo and owl:versionIRI of the ontology and dct:conformsTo of every
file's dataset node, so that all files keep agreeing (a test checks that they do).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_IRI = "https://w3id.org/terve-kunta/ontology/"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not re.fullmatch(r"\d+\.\d+\.\d+", args[0]):
        print("usage: set_ontology_version.py MAJOR.MINOR.PATCH", file=sys.stderr)
        return 2
    new = args[0]
    old_iri = re.compile(re.escape(VERSION_IRI) + r"\d+\.\d+\.\d+>")
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        changed = old_iri.sub(f"{VERSION_IRI}{new}>", text)
        changed = re.sub(r'owl:versionInfo "\d+\.\d+\.\d+"', f'owl:versionInfo "{new}"', changed)
        if changed != text:
            path.write_text(changed, encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
