"""Vietnamese text helpers: NFC storage and diacritic-insensitive search keys."""

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Lower-case, without diacritics: "Tô Thị Bích Châu" -> "to thi bich chau".

    PostgreSQL's unaccent is a contrib extension (absent from the embedded server), so search
    columns store this folded text and queries are folded the same way.
    """
    decomposed = unicodedata.normalize("NFD", value.translate(_EXTRA))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())
