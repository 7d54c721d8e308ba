"""Write the JSON Schema of self-assessment files, generated from the pydantic model.

python tools/generate_schema.py           # write src/terve_kunta/self-assessment.schema.json
python tools/generate_schema.py --check   # exit 1 if the file is not up to date
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("terve_kunta") is None:  # not installed: use the source tree
    sys.path.insert(0, str(ROOT / "src"))

from terve_kunta.assessment.model import json_schema  # noqa: E402

TARGET = ROOT / "src" / "terve_kunta" / "self-assessment.schema.json"


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report a stale file, change nothing")
    args = parser.parse_args(argv)
    text = schema_text()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if current == text:
        return 0
    if args.check:
        print(f"out of date: {TARGET.relative_to(ROOT)} (run: python tools/generate_schema.py)", file=sys.stderr)
        return 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
