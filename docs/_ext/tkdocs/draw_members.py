"""Pictures of the members: a tile map of the regions, bars per wellbeing services county, size over time.

Each function draws from the packaged graph and returns a matplotlib figure; the caller saves
it. ``lang`` picks the language of the words (fi, sv or en); names of places are the data's.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING

import terve_kunta as tk

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: One tile per region of Finland, at (column, row from the top), placed as on the map. Keys are
#: Statistics Finland's region codes; a code that the data lacks is left out, and a region of the
#: data that is not placed here is a build warning (see :func:`unplaced_regions`).
TILES: dict[str, tuple[int, int]] = {
    "19": (3, 0),  # Lappi
    "17": (3, 1),  # Pohjois-Pohjanmaa
    "18": (4, 1),  # Kainuu
    "16": (2, 2),  # Keski-Pohjanmaa
    "13": (3, 2),  # Keski-Suomi
    "11": (4, 2),  # Pohjois-Savo
    "12": (5, 2),  # Pohjois-Karjala
    "15": (1, 3),  # Pohjanmaa
    "14": (2, 3),  # Etelä-Pohjanmaa
    "06": (3, 3),  # Pirkanmaa
    "10": (4, 3),  # Etelä-Savo
    "04": (1, 4),  # Satakunta
    "05": (2, 4),  # Kanta-Häme
    "07": (3, 4),  # Päijät-Häme
    "08": (4, 4),  # Kymenlaakso
    "09": (5, 4),  # Etelä-Karjala
    "21": (0, 5),  # Ahvenanmaa
    "02": (1, 5),  # Varsinais-Suomi
    "01": (2, 5),  # Uusimaa
}

WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "tile-map": {
        "en": ("Members of the Terve Kunta network by region", "members in the region", "WHO-designated Healthy City"),
        "fi": ("Terve Kunta -verkoston jäsenet maakunnittain", "jäseniä maakunnassa", "WHO:n nimeämä Terve kaupunki"),
        "sv": ("Medlemmar i nätverket Terve Kunta per landskap", "medlemmar i landskapet", "WHO-utsedd hälsosam stad"),
    },
    "county-bars": {
        "en": ("Members per wellbeing services county, by kind", "members", "municipalities", "the county itself"),
        "fi": ("Jäsenet hyvinvointialueittain ja lajeittain", "jäseniä", "kunnat", "hyvinvointialue itse"),
        "sv": ("Medlemmar per välfärdsområde och slag", "medlemmar", "kommuner", "välfärdsområdet självt"),
    },
    "membership-over-time": {
        "en": (
            "Members of the Terve Kunta network over time, as far as dates are known",
            "members",
            "known to be members",
            "possibly members (known only from a later date)",
            "network founded",
        ),
        "fi": (
            "Terve Kunta -verkoston jäsenmäärä ajan mittaan, sikäli kuin päivät tunnetaan",
            "jäseniä",
            "tiedetysti jäseniä",
            "mahdollisesti jäseniä (tunnetaan vasta myöhemmästä päivästä)",
            "verkosto perustettiin",
        ),
        "sv": (
            "Medlemmar i nätverket Terve Kunta över tid, så långt datum är kända",
            "medlemmar",
            "kända medlemmar",
            "möjliga medlemmar (kända först från ett senare datum)",
            "nätverket grundades",
        ),
    },
}
NO_COUNTY = {"en": "no wellbeing services county", "fi": "ei hyvinvointialuetta", "sv": "inget välfärdsområde"}


def _name(names: dict[str, str], lang: str) -> str:
    return names.get(lang) or names.get("fi") or next(iter(names.values()), "")


def unplaced_regions(kg: tk.GraphView) -> list[str]:
    """Regions of the data that :data:`TILES` does not place (a new region code)."""
    return [r.code for r in kg.regions() if r.code not in TILES]


def tile_map(kg: tk.GraphView, lang: str, on: date) -> Figure:
    """The regions as tiles placed like the map, coloured by their number of members, WHO cities starred."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch

    title, count_label, who_label = WORDS["tile-map"][lang]
    members = kg.members(as_of=on)
    counts = Counter(m.region.code for m in members if m.region is not None)
    who: dict[str, list[str]] = {}
    for member in members:
        if member.who_designated and member.region is not None:
            who.setdefault(member.region.code, []).append(member.name_fi)
    top = max(counts.values(), default=1)
    bounds = list(range(top + 2))
    palette = plt.get_cmap("YlGnBu")([0.08 + 0.85 * i / max(top, 1) for i in range(top + 1)])
    palette[0] = (0.93, 0.93, 0.93, 1.0)  # no member: light grey
    cmap, norm = ListedColormap(palette), BoundaryNorm(bounds, top + 1)
    figure, axes = plt.subplots(figsize=(7.2, 9.0), layout="constrained")
    for region in kg.regions():
        place = TILES.get(region.code)
        if place is None:
            continue
        col, row = place
        n = counts.get(region.code, 0)
        colour = cmap(norm(n))
        axes.add_patch(
            FancyBboxPatch(
                (col + 0.04, -row + 0.04),
                0.92,
                0.92,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=colour,
                edgecolor="white",
                linewidth=1.5,
            )
        )
        dark = n > top * 0.55
        ink = "white" if dark else "#1b1b1b"
        axes.text(
            col + 0.5,
            -row + 0.8,
            _name(region.names, lang),
            ha="center",
            va="center",
            fontsize=7.4,
            color=ink,
            wrap=True,
        )
        axes.text(col + 0.5, -row + 0.47, str(n), ha="center", va="center", fontsize=17, fontweight="bold", color=ink)
        for i, city in enumerate(sorted(who.get(region.code, []))):
            axes.text(
                col + 0.5,
                -row + 0.17 - 0.14 * i,
                f"★ {city}",
                ha="center",
                va="center",
                fontsize=7.6,
                color=ink,
                fontweight="bold",
            )
    axes.set_xlim(-0.1, 6.1)
    axes.set_ylim(-5.1, 1.1)
    axes.set_aspect("equal")
    axes.set_axis_off()
    axes.set_title(f"{title}, {on.isoformat()}", fontsize=12)
    mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = figure.colorbar(mappable, ax=axes, orientation="horizontal", shrink=0.7, pad=0.02, aspect=30)
    bar.set_ticks([b + 0.5 for b in bounds[:-1]], labels=[str(b) for b in bounds[:-1]])
    bar.set_label(count_label)
    star = Line2D([], [], linestyle="none", marker="*", markersize=11, color="#1b1b1b", label=who_label)
    axes.legend(handles=[star], loc="upper left", frameon=False, fontsize=9)
    return figure


def _common_suffix(names: list[str]) -> str:
    """The words that every name ends with (`` wellbeing services county``), or ``""``."""
    words = [n.split(" ") for n in names]
    suffix: list[str] = []
    while words and all(len(w) > len(suffix) + 1 for w in words):
        last = {tuple(w[len(w) - len(suffix) - 1 :]) for w in words}
        if len(last) != 1:
            break
        suffix = list(next(iter(last)))
    return " " + " ".join(suffix) if suffix else ""


def county_bars(kg: tk.GraphView, lang: str, on: date) -> Figure:
    """One bar per wellbeing services county: its member municipalities, and the county itself if a member."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    title, axis_label, municipalities, itself = WORDS["county-bars"][lang]
    counties = [_name(c.names, lang) for c in kg.wellbeing_services_counties()]
    suffix = _common_suffix(counties)
    counts: dict[str, list[int]] = {c.removesuffix(suffix): [0, 0] for c in counties}
    for member in kg.members(as_of=on):
        county = member.wellbeing_services_county
        if county is not None:
            key = _name(county.names, lang).removesuffix(suffix)
        else:
            key = f"{member.name_fi} ({NO_COUNTY[lang]})"
        slot = counts.setdefault(key, [0, 0])
        slot[1 if member.kind == tk.MemberKind.WELLBEING_SERVICES_COUNTY else 0] += 1
    order = sorted(counts, key=lambda k: (-sum(counts[k]), k))[::-1]
    figure, axes = plt.subplots(figsize=(7.6, 0.3 * len(order) + 1.8), layout="constrained")
    left = [counts[k][0] for k in order]
    right = [counts[k][1] for k in order]
    axes.barh(order, left, color="#0072B2", label=municipalities)
    axes.barh(order, right, left=left, color="#E69F00", label=itself)
    for y, key in enumerate(order):
        total = sum(counts[key])
        axes.text(total + 0.1, y, str(total), va="center", fontsize=8.5)
    axes.set_xlabel(axis_label)
    if suffix:
        axes.set_ylabel(suffix.strip())
    figure.suptitle(f"{title}\n{on.isoformat()}", fontsize=12)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max((sum(v) for v in counts.values()), default=1) + 1)
    axes.set_ylim(-0.6, len(order) - 0.4)
    axes.tick_params(axis="y", labelsize=8.5)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="lower right", frameon=False)
    return figure


def counts_on(kg: tk.GraphView, day: date) -> tuple[int, int]:
    """(known, possible) memberships of the network on ``day``.

    *Known*: a source shows the membership active on the day. *Possible*: not known to be
    active, but attested on a later day with no known start, and not ended before the day.
    This is the library's answer, :meth:`terve_kunta.GraphView.member_counts`.
    """
    answer = kg.member_counts(as_of=day)
    return answer.known, answer.possible


def membership_over_time(kg: tk.GraphView, lang: str, on: date) -> Figure:
    """A step line of the known members from the network's founding to ``on``, the possible ones shaded."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    title, axis_label, known_label, possible_label, founded_label = WORDS["membership-over-time"][lang]
    founded = kg.network.founded or 1996
    start = date(founded, 1, 1)
    days = [start + timedelta(days=d) for d in range(0, (on - start).days + 1, 30)] + [on]
    values = [counts_on(kg, d) for d in days]
    known = [k for k, _ in values]
    upper = [k + p for k, p in values]
    x = [float(v) for v in mdates.date2num(days)]  # type: ignore[no-untyped-call]
    figure, axes = plt.subplots(figsize=(8.0, 4.2), layout="constrained")
    axes.xaxis_date()
    axes.fill_between(x, known, upper, step="post", color="#E69F00", alpha=0.35, linewidth=0, label=possible_label)
    axes.step(x, known, where="post", color="#0072B2", linewidth=2, label=known_label)
    axes.axvline(float(x[0]), color="#555555", linestyle=":", linewidth=1)
    axes.annotate(
        f"{founded_label} {founded}",
        (float(x[0]), max(upper, default=1) * 0.5),
        xytext=(6, 0),
        textcoords="offset points",
        fontsize=8.5,
        color="#333333",
        rotation=90,
        va="center",
    )
    axes.annotate(
        f"{known[-1]} ({on.isoformat()})",
        (float(x[-1]), known[-1]),
        xytext=(-4, 6),
        textcoords="offset points",
        ha="right",
        fontsize=9,
        color="#0072B2",
    )
    axes.set_ylabel(axis_label)
    axes.set_ylim(0, max(upper, default=1) * 1.2 + 1)
    axes.set_title(title, fontsize=11.5)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", frameon=False, fontsize=9)
    return figure
