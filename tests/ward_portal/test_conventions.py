"""Same words for the same things, checked on the source: a service calls the acting person
`user`, and "may this user do X to this object" is asked of the app's permissions.py, never
by filtering the unit querysets by pk in a view or a service."""

import ast
import re

from tests.ward_portal.test_hygiene import ROOT, checked_files

UNIT_LOOKUP = re.compile(r"units_(?:changeable_by|led_by|visible_to)\([^()]*\)\s*\.filter\(\s*pk=")
# The kernel's predicates are written with the lookup; everyone else calls them.
PREDICATE_HOME = {"ward_portal/access.py"}
OTHER_WORDS_FOR_USER = {"actor", "requested_by", "by", "acting_user"}


def unit_lookups(source: str) -> list[int]:
    return [source.count("\n", 0, m.start()) + 1 for m in UNIT_LOOKUP.finditer(source)]


def other_words(source: str) -> list[str]:
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            arguments = node.args.args + node.args.kwonlyargs
            found += [f"{node.name}({a.arg}=)" for a in arguments if a.arg in OTHER_WORDS_FOR_USER]
    return found


def test_no_permission_is_asked_by_filtering_units_by_pk():
    found = []
    for path in checked_files():
        relative = str(path.relative_to(ROOT))
        if relative not in PREDICATE_HOME:
            found += [f"{relative}:{line}" for line in unit_lookups(path.read_text())]
    assert found == [], "ask the app's permissions.py (or access.can_change_unit):\n" + "\n".join(
        found
    )


def test_every_service_calls_the_acting_person_user():
    found = []
    for path in checked_files():
        if path.name in ("services.py", "imports.py"):
            relative = str(path.relative_to(ROOT))
            found += [f"{relative}: {word}" for word in other_words(path.read_text())]
    assert found == []


def test_the_checks_catch_what_they_look_for():
    assert unit_lookups("x = 1\nok = units_led_by(user).filter(pk=report.unit_id).exists()") == [2]
    assert unit_lookups("units_changeable_by(request.user)\n    .filter(pk=unit_id)") == [1]
    assert unit_lookups("units_changeable_by(user).filter(level='commune')") == []
    source = "def petition_start(*, petition, actor):\n    pass\ndef _event(*, actor):\n    pass\n"
    assert other_words(source) == ["petition_start(actor=)"]
