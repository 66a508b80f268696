from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGS = sorted(
    p
    for p in Path(settings.BASE_DIR).glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)


def test_every_app_has_both_catalogs():
    languages = {(p.parts[-5], p.parts[-3]) for p in CATALOGS}
    for owner in ["budget", "meetings", "citizens"]:
        assert {(owner, "vi"), (owner, "en")} <= languages
    assert (Path(settings.BASE_DIR).name, "vi") in languages or any(
        p.parts[-4] == "locale" and p.parent.parent.parent.parent == Path(settings.BASE_DIR)
        for p in CATALOGS
    )


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalog_is_complete(path):
    catalog = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalog if not e.translated() and not e.obsolete]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:5]}"


@pytest.mark.parametrize(
    "path",
    [p for p in CATALOGS if p.parts[-3] == "vi"],
    ids=lambda p: str(p.relative_to(settings.BASE_DIR)),
)
def test_vietnamese_catalog_keeps_the_source_text(path):
    """The source strings are Vietnamese, so the vi catalog must show each one as written:
    a guess merged from a similar string ("Tách từ hồ sơ" shown as "Tra cứu hồ sơ") is a bug.
    Only Django's own English strings get hand-written Vietnamese."""
    from ward_portal.django_overrides import OVERRIDDEN

    changed = [
        (e.msgid, e.msgstr)
        for e in polib.pofile(str(path))
        if e.msgid not in OVERRIDDEN and not e.msgid_plural and e.msgstr != e.msgid
    ]
    assert not changed, changed[:5]


def test_a_string_has_one_translation_across_catalogs():
    """Django merges every catalog of a language into one: the same source string translated
    two ways in two apps shows one of them everywhere (a task's "In progress" once read "Not
    yet done"). Strings that mean different things carry a context (pgettext)."""
    from collections import defaultdict

    translations = defaultdict(dict)
    for path in CATALOGS:
        if path.parts[-3] != "en":
            continue
        for entry in polib.pofile(str(path)):
            if entry.msgstr:
                translations[(entry.msgctxt, entry.msgid)][str(path)] = entry.msgstr
    conflicts = {k: v for k, v in translations.items() if len(set(v.values())) > 1}
    assert conflicts == {}
