"""Set the ontology version in every Turtle file under ontology/.

    python tools/set_ontology_version.py 0.3.0
    python tools/set_ontology_version.py 0.3.0 --root COPY   # a copy of the repository (tests)

Changes owl:versionInfo and owl:versionIRI of the ontology, points its owl:priorVersion at
the version it had, and changes dct:conformsTo of every file's dataset node, so that all
files keep agreeing (a test checks that they do). Nothing else is touched: an IRI of an
older version written elsewhere (owl:priorVersion, a note) stays as it is. Say what changed
in ontology/CHANGELOG.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from terve_kunta.rdf.canonical import canonical_turtle  # noqa: E402

VERSION_IRI = "https://w3id.org/terve-kunta/ontology/"
ONTOLOGY = URIRef("https://w3id.org/terve-kunta/ontology")


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="the new version, MAJOR.MINOR.PATCH")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    args = parser.parse_args(argv)
    new = args.version
    if not re.fullmatch(r"\d+\.\d+\.\d+", new):
        print(f"version: expected MAJOR.MINOR.PATCH, got {new!r}", file=sys.stderr)
        return 2
    folder = args.root / "ontology"
    ontology_file = folder / "terve-kunta.ttl"
    ontology = Graph().parse(ontology_file, format="turtle")
    old = str(ontology.value(ONTOLOGY, OWL.versionInfo))
    if _version(new) <= _version(old):
        print(f"version: {new} is not after the ontology's {old}", file=sys.stderr)
        return 2
    ontology.set((ONTOLOGY, OWL.versionInfo, Literal(new)))
    ontology.set((ONTOLOGY, OWL.versionIRI, URIRef(VERSION_IRI + new)))
    ontology.set((ONTOLOGY, OWL.priorVersion, URIRef(VERSION_IRI + old)))
    ontology_file.write_text(canonical_turtle(ontology), encoding="utf-8")
    print(f"updated {ontology_file.relative_to(args.root)}")
    conforms = re.compile(r"(dct:conformsTo <)" + re.escape(VERSION_IRI + old) + ">")
    for path in sorted(folder.rglob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        changed = conforms.sub(rf"\g<1>{VERSION_IRI}{new}>", text)
        if changed != text:
            path.write_text(changed, encoding="utf-8")
            print(f"updated {path.relative_to(args.root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
