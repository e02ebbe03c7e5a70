"""Fail when the Swedish catalogue is incomplete or its compiled .mo is stale.

Swedish is the default language and must be complete: every msgid translated, none fuzzy.
The compiled catalogues are committed (so no gettext is needed to run Samlas); this checks
that each .mo holds exactly the translations of its .po.
"""

import gettext
import sys
from pathlib import Path

import polib

SOURCE = Path(__file__).resolve().parent.parent / "src" / "samlas"


def check(locale: Path, language: str, require_complete: bool) -> list[str]:
    po_path = locale / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    if not po_path.exists():
        return [f"{po_path} is missing"]
    po = polib.pofile(str(po_path))
    problems = []
    if require_complete:
        problems += [f"{po_path}: untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
        problems += [f"{po_path}: fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    if not mo_path.exists():
        return [*problems, f"{mo_path} is missing: run `make messages`"]
    with mo_path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    for entry in po.translated_entries():
        key = entry.msgid if not entry.msgctxt else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            expected = entry.msgstr_plural.get(0)
            actual = catalogue.get((key, 0))
        else:
            expected, actual = entry.msgstr, catalogue.get(key)
        if actual != expected:
            problems.append(f"{mo_path}: stale for {entry.msgid!r}: run `make messages`")
            break
    return problems


problems = []
for locale in sorted(SOURCE.glob("*/locale")):
    problems += check(locale, "sv", require_complete=True)
    problems += check(locale, "en", require_complete=False)
for problem in problems:
    print(problem, file=sys.stderr)
if problems:
    sys.exit(1)
print("Translations: Swedish catalogue complete, compiled catalogues up to date.")
