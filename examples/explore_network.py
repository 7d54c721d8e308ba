"""Explore the Terve Kunta network: members by region, and what the themes map to.

    python examples/explore_network.py

Prints the members grouped by region (with WHO-designated cities marked), the network
days by year, and for each main theme the WHO Phase VII themes and SDGs it is mapped to
(the project's editorial mappings, with their rationale in the data).
"""

from __future__ import annotations

import textwrap
from collections import defaultdict

import terve_kunta as tk


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis where it was cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    kg = tk.load()
    by_region: dict[str, list[str]] = defaultdict(list)
    for member in kg.members():
        region = member.region.name_fi if member.region else "(no region)"
        by_region[region].append(member.name_fi + (" (WHO)" if member.who_designated else ""))
    print(f"{kg.network.names['fi']}: {len(kg.members())} members in {len(by_region)} regions")
    for region, names in sorted(by_region.items(), key=lambda item: (-len(item[1]), item[0])):
        lines = textwrap.wrap(", ".join(names), 76, initial_indent=f"  {region:<20} {len(names):>2}  ")
        print("\n".join([lines[0], *textwrap.wrap(" ".join(lines[1:]), 76, initial_indent=" " * 26)]))

    print("\nNetwork days (host rotation):")
    for event in kg.network_days():
        print(f"  {event.year}  {event.host_name_fi} ({event.host_code})")

    who = {t.iri: t.labels["en"] for t in kg.who_themes()}
    print("\nThemes 2021-2025 -> WHO Phase VII themes | SDGs:")
    for theme in kg.themes():
        indent = "    " if theme.broader else "  "
        print(
            f"{indent}{shorten(theme.labels['en'], 60 - len(indent)):<{60 - len(indent)}} -> "
            f"{', '.join(who[w] for w in theme.who_themes)} | "
            f"SDG {', '.join(theme.sdgs)}"
        )


if __name__ == "__main__":
    main()
