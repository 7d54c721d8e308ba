"""Every line the command line prints, in Finnish, Swedish and English, and its errors in the asked language.

A line is a key of :data:`LINES` with a template in each language; :func:`say`
fills it in. A count has a key for one and one for many (``row`` / ``rows``):
:func:`count` picks. To add a line, add its key with its three templates; a test
checks that every key has all three and the same fields in each.

The library's errors are English; :func:`error_text` gives their frame (file,
line, field, "expected") in the asked language, and the problems it knows
(:data:`_PROBLEMS`) translated; others stay as the library says them.

>>> say("fi", "rows", n=3)
'3 riviä'
>>> count("sv", 1, "row")
'1 rad'
"""

from __future__ import annotations

import os
import re

from terve_kunta.errors import AssessmentError, TerveKuntaError
from terve_kunta.options import LANGUAGES

__all__ = ["LINES", "count", "default_language", "error_text", "say"]

#: key -> language -> template (``str.format`` fields).
LINES: dict[str, dict[str, str]] = {
    # counts
    "row": {"en": "{n} row", "fi": "{n} rivi", "sv": "{n} rad"},
    "rows": {"en": "{n} rows", "fi": "{n} riviä", "sv": "{n} rader"},
    "member": {"en": "{n} member", "fi": "{n} jäsen", "sv": "{n} medlem"},
    "members": {"en": "{n} members", "fi": "{n} jäsentä", "sv": "{n} medlemmar"},
    "members_on": {"en": "on {day}", "fi": "{day}", "sv": "den {day}"},
    "might_have_been": {
        "en": "; {n} more might have been members (attested only later, start unknown)",
        "fi": "; lisäksi {n} on voinut olla jäsenenä (mainitaan vasta myöhemmin, liittymisaika ei tiedossa)",
        "sv": "; ytterligare {n} kan ha varit medlemmar (nämns först senare, startdatum okänt)",
    },
    # main
    "error": {
        "en": "terve-kunta: error: {message}",
        "fi": "terve-kunta: virhe: {message}",
        "sv": "terve-kunta: fel: {message}",
    },
    "warning": {
        "en": "terve-kunta: warning: {message}",
        "fi": "terve-kunta: varoitus: {message}",
        "sv": "terve-kunta: varning: {message}",
    },
    # validate
    "validating": {"en": "validating", "fi": "tarkistetaan", "sv": "kontrollerar"},
    "no_files": {
        "en": "{where}: holds no self-assessment files; expected *.yaml, *.json or *.ttl",
        "fi": "{where}: ei sisällä itsearviointitiedostoja; odotettiin *.yaml-, *.json- tai *.ttl-tiedostoja",
        "sv": "{where}: innehåller inga självutvärderingsfiler; förväntades *.yaml, *.json eller *.ttl",
    },
    # member
    "new_registry": {
        "en": "{file}: a new registry, starting from the packaged one",
        "fi": "{file}: uusi jäsenrekisteri, pohjana paketin oma",
        "sv": "{file}: ett nytt medlemsregister, utgående från paketets eget",
    },
    "added": {
        "en": "{name} ({code}) is a member from {day}; saved to {where}",
        "fi": "{name} ({code}) on jäsen {day} alkaen; tallennettu: {where}",
        "sv": "{name} ({code}) är medlem från {day}; sparat i {where}",
    },
    "ended": {
        "en": "{name} ({code}) is a member until {day}; saved to {where}",
        "fi": "{name} ({code}) on jäsen {day} asti; tallennettu: {where}",
        "sv": "{name} ({code}) är medlem till {day}; sparat i {where}",
    },
    "decided_after": {
        "en": "the decision ({decided}) is dated after the {what} of the membership ({day}): is a date wrong?",
        "fi": "päätös ({decided}) on päivätty jäsenyyden {what} ({day}) jälkeen: onko jokin päivä väärin?",
        "sv": "beslutet ({decided}) är daterat efter medlemskapets {what} ({day}): är något datum fel?",
    },
    "start": {"en": "start", "fi": "alun", "sv": "början"},
    "end": {"en": "end", "fi": "lopun", "sv": "slut"},
    "history_title": {
        "en": "Memberships of {name} ({code}) in the Terve Kunta network",
        "fi": "{name} ({code}): jäsenyydet Terve Kunta -verkostossa",
        "sv": "{name} ({code}): medlemskap i nätverket Terve Kunta",
    },
    "no_memberships": {
        "en": "no membership is recorded",
        "fi": "jäsenyyksiä ei ole kirjattu",
        "sv": "inga medlemskap har registrerats",
    },
    "attested": {"en": "attested {period}", "fi": "todettu {period}", "sv": "belagt {period}"},
    "open": {"en": "(continues)", "fi": "(jatkuu)", "sv": "(fortsätter)"},
    "unknown": {"en": "not known", "fi": "ei tiedossa", "sv": "okänt"},
    "slide": {"en": "{title}, slide {n}", "fi": "{title}, dia {n}", "sv": "{title}, bild {n}"},
    # load
    "wrote": {
        "en": "wrote {n} graphs to {store}",
        "fi": "kirjoitettiin {n} graafia varastoon {store}",
        "sv": "skrev {n} grafer till {store}",
    },
    # check
    "check_conforms": {
        "en": "The graph conforms to its integrity shapes: {triples} triples checked.",
        "fi": "Graafi täyttää eheyssäännöt: {triples} kolmikkoa tarkistettu.",
        "sv": "Grafen uppfyller integritetsreglerna: {triples} tripler kontrollerade.",
    },
    "check_fails": {
        "en": "The graph does not conform to its integrity shapes: {problems} problems, from {shapes} shapes.",
        "fi": "Graafi ei täytä eheyssääntöjä: {problems} ongelmaa {shapes} säännöstä.",
        "sv": "Grafen uppfyller inte integritetsreglerna: {problems} problem, från {shapes} regler.",
    },
    "check_where": {"en": "where", "fi": "missä", "sv": "var"},
    "check_more": {"en": "and {n} more", "fi": "ja {n} muuta", "sv": "och {n} till"},
    "check_raw": {
        "en": "The W3C SHACL report: terve-kunta check --format turtle",
        "fi": "W3C:n SHACL-raportti: terve-kunta check --format turtle",
        "sv": "W3C:s SHACL-rapport: terve-kunta check --format turtle",
    },
    # query
    "update_refused": {
        "en": "this is a SPARQL update: the query command only reads; change the registry with "
        "'terve-kunta member add' and 'terve-kunta member end'",
        "fi": "tämä on SPARQL-päivitys: query-komento vain lukee; muuta jäsenrekisteriä komennoilla "
        "'terve-kunta member add' ja 'terve-kunta member end'",
        "sv": "detta är en SPARQL-uppdatering: kommandot query läser bara; ändra registret med "
        "'terve-kunta member add' och 'terve-kunta member end'",
    },
    "parameters": {"en": "parameters", "fi": "parametrit", "sv": "parametrar"},
    "optional": {"en": "optional", "fi": "valinnainen", "sv": "valfri"},
    "default": {"en": "default {value}", "fi": "oletus {value}", "sv": "standard {value}"},
    "true": {"en": "true", "fi": "tosi", "sv": "sant"},
    "false": {"en": "false", "fi": "epätosi", "sv": "falskt"},
    "yes": {"en": "yes", "fi": "kyllä", "sv": "ja"},
}

# the library's words in its errors, and their translations (a pattern on the English text)
_FRAME = {
    "line": {"en": "line", "fi": "rivi", "sv": "rad"},
    "field": {"en": "field", "fi": "kenttä", "sv": "fält"},
    "expected": {"en": "expected", "fi": "odotettiin", "sv": "förväntades"},
}
_PROBLEMS: list[tuple[re.Pattern[str], dict[str, str]]] = [
    (re.compile(p), t)
    for p, t in [
        (r"^no such file$", {"fi": "tiedostoa ei ole", "sv": "filen finns inte"}),
        (r"^unknown kind of file$", {"fi": "tuntematon tiedostotyyppi", "sv": "okänd filtyp"}),
        (r"^is empty$", {"fi": "on tyhjä", "sv": "är tom"}),
        (r"^is required$", {"fi": "puuttuu", "sv": "saknas"}),
        (r"^unknown field$", {"fi": "tuntematon kenttä", "sv": "okänt fält"}),
        (r"^is not true or false$", {"fi": "ei ole true tai false", "sv": "är inte true eller false"}),
        (r"^is not text$", {"fi": "ei ole tekstiä", "sv": "är inte text"}),
        (r"^is not a whole number$", {"fi": "ei ole kokonaisluku", "sv": "är inte ett heltal"}),
        (r"^is not a list$", {"fi": "ei ole luettelo", "sv": "är inte en lista"}),
        (r"^is not an object$", {"fi": "ei ole objekti", "sv": "är inte ett objekt"}),
        (r"^is not a known value$", {"fi": "ei ole tunnettu arvo", "sv": "är inte ett känt värde"}),
        (r"^is too small$", {"fi": "on liian pieni", "sv": "är för litet"}),
        (r"^is too large$", {"fi": "on liian suuri", "sv": "är för stort"}),
        (r"^is too long$", {"fi": "on liian pitkä", "sv": "är för långt"}),
        (r"^is not a date that exists$", {"fi": "ei ole olemassa oleva päivä", "sv": "är inte ett datum som finns"}),
        (
            r"^('.*') is not a date that exists$",
            {"fi": r"\1 ei ole olemassa oleva päivä", "sv": r"\1 är inte ett datum som finns"},
        ),
        (
            r"^no Finnish municipality is named ('.*')(.*)$",
            {"fi": r"yhdenkään Suomen kunnan nimi ei ole \1\2", "sv": r"ingen finländsk kommun heter \1\2"},
        ),
        (
            r"^no Finnish municipality has the code ('.*')(.*)$",
            {"fi": r"yhdenkään Suomen kunnan koodi ei ole \1\2", "sv": r"ingen finländsk kommun har koden \1\2"},
        ),
        (r"^names no organisation or two$", {"fi": "ei nimeä yhtä organisaatiota", "sv": "anger inte en organisation"}),
        (r"^not valid YAML: (.*)$", {"fi": r"ei ole kelvollista YAMLia: \1", "sv": r"är inte giltig YAML: \1"}),
        (r"^not valid JSON: (.*)$", {"fi": r"ei ole kelvollista JSONia: \1", "sv": r"är inte giltig JSON: \1"}),
        (r"^not valid Turtle: (.*)$", {"fi": r"ei ole kelvollista Turtlea: \1", "sv": r"är inte giltig Turtle: \1"}),
        (r"^(.*)did you mean (.*)\?$", {"fi": r"\1tarkoititko \2?", "sv": r"\1menade du \2?"}),
    ]
]
_EXPECTED: dict[str, dict[str, str]] = {
    "a date as YYYY-MM-DD": {"fi": "päivä muodossa VVVV-KK-PP", "sv": "ett datum som ÅÅÅÅ-MM-DD"},
    "true or false": {"fi": "true tai false", "sv": "true eller false"},
    "YAML": {"fi": "YAML", "sv": "YAML"},
    "JSON": {"fi": "JSON", "sv": "JSON"},
    "a YAML, JSON or Turtle self-assessment": {
        "fi": "itsearviointi YAML-, JSON- tai Turtle-muodossa",
        "sv": "en självutvärdering i YAML, JSON eller Turtle",
    },
    'a Statistics Finland municipality code (e.g. "297") or a Finnish or Swedish municipality name': {
        "fi": 'Tilastokeskuksen kuntakoodi (esim. "297") tai kunnan suomen- tai ruotsinkielinen nimi',
        "sv": 'en kommunkod från Statistikcentralen (t.ex. "297") eller kommunens finska eller svenska namn',
    },
    "exactly one of municipality and wellbeing_services_county": {
        "fi": "täsmälleen yksi kentistä municipality ja wellbeing_services_county",
        "sv": "exakt ett av fälten municipality och wellbeing_services_county",
    },
}


def default_language() -> str:
    """The language of the output when ``--lang`` is not given: ``TERVE_KUNTA_LANG``, else English."""
    wanted = os.environ.get("TERVE_KUNTA_LANG", "")
    return wanted if wanted in LANGUAGES else "en"


def say(lang: str, key: str, **values: object) -> str:
    """The line ``key`` in ``lang`` (English where the language is unknown), filled in with ``values``."""
    templates = LINES[key]
    return templates.get(lang, templates["en"]).format(**values)


def count(lang: str, n: int, key: str) -> str:
    """``n`` things: the line ``key`` for one, ``key + "s"`` for any other number."""
    return say(lang, key if n == 1 else key + "s", n=n)


def _problem(lang: str, text: str) -> str:
    for pattern, translations in _PROBLEMS:
        if pattern.match(text) and lang in translations:
            return pattern.sub(translations[lang], text)
    return text


def error_text(lang: str, error: TerveKuntaError) -> str:
    """The error's message in ``lang``: the frame always, the problem and expectation where known."""
    if lang == "en" or not isinstance(error, AssessmentError):
        return str(error)
    where = error.file if error.file.isprintable() else repr(error.file)
    if error.line is not None:
        where += f", {_FRAME['line'][lang]} {error.line}"
    if error.field:
        where += f", {_FRAME['field'][lang]} {error.field}"
    text = f"{where}: {_problem(lang, error.problem)}"
    if error.expected:
        text += f"; {_FRAME['expected'][lang]}: {_EXPECTED.get(error.expected, {}).get(lang, error.expected)}"
    return text
