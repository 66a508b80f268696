"""Loads the official administrative units from the `vietnam-provinces` package (the national
statistics office's list): the 34 provinces and 3,321 communes in force since 01/7/2025, the
provinces, districts and communes before it, and the 2025 conversion table as UnitSuccession rows.

The rules:
- A unit is found by its code and its first day (`valid_from`; None for the pre-2025 list,
  whose start the package does not give), so reloading updates rows instead of adding them and
  an existing database (the demo's Quận 1) is attached to the official rows, not duplicated.
  Only official fields are written: abbreviations and place names stay.
- Pre-2025 districts and communes end on 30/6/2025. Every commune since 01/7/2025 is a new row
  directly under its province, even where it kept a code (Phường Bến Thành, 26743): the old
  one stays under its district with its history.
- A province whose code and name (without "Tỉnh"/"Thành phố") survived the reorganisation
  continues as the same row (Thành phố Hồ Chí Minh, 79, took in Bình Dương and Bà Rịa - Vũng
  Tàu); one whose code went to a differently named province ended (Tỉnh Tiền Giang, 82, whose
  code Tỉnh Đồng Tháp now has).
- Rows are written in bulk, one level at a time, and the tree paths are computed afterwards by
  one recursive UPDATE: save() would cost a query or two per row, and the country has 14,000.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from vietnam_provinces import Province, ProvinceCode, Ward, legacy

# The package's public API gives which new communes an old one went to, but not whether it
# went wholly or in part: that flag is only in its conversion table.
from vietnam_provinces._ward_conversion_2025 import EFFECTIVE_DATE, OLD_TO_NEW

from .models import AdministrativeUnit, UnitLevel, UnitSuccession

REORGANISED_ON = date.fromisoformat(EFFECTIVE_DATE)
ENDED_ON = REORGANISED_ON - timedelta(days=1)

Key = tuple[str, date | None]  # (code, valid_from): how a row is found again


@dataclass(frozen=True)
class _Official:
    code: str
    valid_from: date | None
    valid_to: date | None
    name: str
    level: str
    parent: Key | None

    @property
    def key(self) -> Key:
        return (self.code, self.valid_from)


@dataclass(frozen=True)
class _Link:
    predecessor: Key
    successor: Key
    partial: bool


@dataclass
class UnitsLoaded:
    """What a load did; a second load of the same data creates and updates nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_unchanged: int = 0
    provinces: list[str] = field(default_factory=list)


def _province_code(code: int) -> str:
    return f"{code:02d}"


def _district_code(code: int) -> str:
    return f"{code:03d}"


def _commune_code(code: int) -> str:
    return f"{code:05d}"


def _bare(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        name = name.removeprefix(prefix)
    return name


class _ProvinceRows:
    """Which row a province is: a pre-2025 province whose code and name (without "Tỉnh" /
    "Thành phố") survived is the same row as the province now bearing its code."""

    def __init__(self) -> None:
        self.new = {int(p.code): p for p in Province.iter_all()}
        self.continuing = {
            int(old.code)
            for old in legacy.Province.iter_all()
            if int(old.code) in self.new and _bare(old.name) == _bare(self.new[int(old.code)].name)
        }

    def key(self, code: int, *, new: bool) -> Key:
        starts = new and code not in self.continuing
        return (_province_code(code), REORGANISED_ON if starts else None)

    def row(self, code: int, *, new: bool) -> _Official:
        code_, valid_from = self.key(code, new=new)
        ended = not new and code not in self.continuing
        return _Official(
            code=code_,
            valid_from=valid_from,
            valid_to=ENDED_ON if ended else None,
            name=(legacy.Province.from_code(code) if ended else self.new[code]).name,
            level=UnitLevel.PROVINCE,
            parent=None,
        )


def _selected(codes: Iterable[str] | None) -> list[Province]:
    if codes is None:
        return sorted(Province.iter_all(), key=lambda p: int(p.code))
    selected = []
    for code in codes:
        try:
            selected.append(Province.from_code(ProvinceCode(int(code))))
        except ValueError as error:
            raise ValueError(f"No province with code {code} in the official list.") from error
    return selected


def _provinces(
    selected: list[Province], rows: _ProvinceRows, units: list[_Official], links: list[_Link]
) -> set[int]:
    """The selected provinces and the pre-2025 ones merged into them; returns the latter's
    codes."""
    new_codes = {int(p.code) for p in selected}
    old_codes: set[int] = set()
    for new_province in selected:
        code = int(new_province.code)
        units.append(rows.row(code, new=True))
        for old in new_province.get_legacy_sources():
            old_code = int(old.code)
            if old_code not in old_codes:
                old_codes.add(old_code)
                # A continuing province is the row of the new one: added once, as that.
                if old_code not in rows.continuing or old_code not in new_codes:
                    units.append(rows.row(old_code, new=False))
            old_key, key = rows.key(old_code, new=False), rows.key(code, new=True)
            if old_key != key:
                partial = len(Province.search_from_legacy(code=old_code)) > 1
                links.append(_Link(predecessor=old_key, successor=key, partial=partial))
    return old_codes


def _old_districts_and_communes(
    old_codes: set[int],
    new_codes: set[int],
    rows: _ProvinceRows,
    units: list[_Official],
    links: list[_Link],
) -> None:
    """The districts and communes of these pre-2025 provinces, and where each commune went
    (in the provinces being loaded: the others' links come when they are loaded)."""
    districts = {
        int(d.code): d for d in legacy.District.iter_all() if int(d.province_code) in old_codes
    }
    for code, district in sorted(districts.items()):
        units.append(
            _Official(
                code=_district_code(code),
                valid_from=None,
                valid_to=ENDED_ON,
                name=district.name,
                level=UnitLevel.DISTRICT,
                parent=rows.key(int(district.province_code), new=False),
            )
        )
    for ward in sorted(legacy.Ward.iter_all(), key=lambda w: int(w.code)):
        if int(ward.district_code) not in districts:
            continue
        old_ward = _Official(
            code=_commune_code(int(ward.code)),
            valid_from=None,
            valid_to=ENDED_ON,
            name=ward.name,
            level=UnitLevel.COMMUNE,
            parent=(_district_code(int(ward.district_code)), None),
        )
        units.append(old_ward)
        entry = OLD_TO_NEW.get(int(ward.code))
        for new in entry.new_wards if entry else ():
            if new.province_code in new_codes:
                links.append(
                    _Link(
                        predecessor=old_ward.key,
                        successor=(_commune_code(new.code), REORGANISED_ON),
                        partial=entry.old_ward.is_partly_merged,
                    )
                )


def _official(selected: list[Province]) -> tuple[list[_Official], list[_Link]]:
    """The rows and successions for these provinces: each with its communes, the pre-2025
    provinces merged into it and their districts and communes. Parents come before children."""
    rows = _ProvinceRows()
    new_codes = {int(p.code) for p in selected}
    units: list[_Official] = []
    links: list[_Link] = []
    old_codes = _provinces(selected, rows, units, links)
    _old_districts_and_communes(old_codes, new_codes, rows, units, links)
    for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        if int(ward.province_code) in new_codes:
            units.append(
                _Official(
                    code=_commune_code(int(ward.code)),
                    valid_from=REORGANISED_ON,
                    valid_to=None,
                    name=ward.name,
                    level=UnitLevel.COMMUNE,
                    parent=rows.key(int(ward.province_code), new=True),
                )
            )
    return units, links


FIELDS = ["name", "level", "parent_id", "valid_from", "valid_to"]


def _write_units(units: list[_Official], summary: UnitsLoaded) -> dict[Key, int]:
    existing = {
        (row.code, row.valid_from): row
        for row in AdministrativeUnit.objects.filter(code__in={u.code for u in units}).only(
            "id", "code", *FIELDS
        )
    }
    ids: dict[Key, int] = {}
    # Parents before children, so every parent has its id.
    for level in (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE):
        to_create: list[tuple[Key, AdministrativeUnit]] = []
        to_update: list[AdministrativeUnit] = []
        for unit in units:
            if unit.level != level:
                continue
            values = {
                "name": unit.name,
                "level": unit.level,
                "parent_id": ids[unit.parent] if unit.parent else None,
                "valid_from": unit.valid_from,
                "valid_to": unit.valid_to,
            }
            row = existing.get(unit.key)
            if row is None:
                to_create.append((unit.key, AdministrativeUnit(code=unit.code, **values)))
                continue
            ids[unit.key] = row.pk
            if all(getattr(row, name) == value for name, value in values.items()):
                summary.unchanged += 1
                continue
            for name, value in values.items():
                setattr(row, name, value)
            to_update.append(row)
        # Updates first: a row closed here (valid_to set) frees its code for a row created next.
        AdministrativeUnit.objects.bulk_update(to_update, FIELDS, batch_size=1000)
        AdministrativeUnit.objects.bulk_create([row for _key, row in to_create], batch_size=2000)
        ids.update({key: row.pk for key, row in to_create})
        summary.created += len(to_create)
        summary.updated += len(to_update)
    return ids


def _write_paths(root_ids: list[int]) -> None:
    """Every path under these roots, in one statement; unchanged rows are not written."""
    table = connection.ops.quote_name(AdministrativeUnit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE tree (id, path) AS (
                SELECT id, id::text || '/' FROM {table} WHERE id = ANY(%s)
                UNION ALL
                SELECT child.id, tree.path || child.id::text || '/'
                FROM {table} child JOIN tree ON child.parent_id = tree.id
            )
            UPDATE {table} unit SET path = tree.path
            FROM tree WHERE unit.id = tree.id AND unit.path <> tree.path
            """,  # noqa: S608 (the table name is ours, the ids are parameters)
            [root_ids],
        )


def _check_no_overlap(codes: set[str]) -> None:
    """One code, one unit on any day (what an exclusion constraint would say, were btree_gist
    available in the embedded PostgreSQL)."""
    table = connection.ops.quote_name(AdministrativeUnit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT a.code FROM {table} a JOIN {table} b ON a.code = b.code AND a.id < b.id
            WHERE a.code = ANY(%s)
              AND daterange(a.valid_from, a.valid_to, '[]')
                  && daterange(b.valid_from, b.valid_to, '[]')
            LIMIT 10
            """,  # noqa: S608 (the table name is ours, the codes are parameters)
            [sorted(codes)],
        )
        clashes = [code for (code,) in cursor.fetchall()]
    if clashes:
        raise ValueError(f"Codes held by two units at once: {', '.join(clashes)}.")


def _write_links(links: list[_Link], ids: dict[Key, int], summary: UnitsLoaded) -> None:
    existing = {
        (link.predecessor_id, link.successor_id): link
        for link in UnitSuccession.objects.filter(
            predecessor_id__in={ids[link.predecessor] for link in links}
        )
    }
    to_create, to_update = [], []
    for link in links:
        pair = (ids[link.predecessor], ids[link.successor])
        row = existing.get(pair)
        if row is None:
            to_create.append(
                UnitSuccession(
                    predecessor_id=pair[0],
                    successor_id=pair[1],
                    effective_on=REORGANISED_ON,
                    partial=link.partial,
                )
            )
        elif (row.effective_on, row.partial) != (REORGANISED_ON, link.partial):
            row.effective_on, row.partial = REORGANISED_ON, link.partial
            to_update.append(row)
        else:
            summary.successions_unchanged += 1
    UnitSuccession.objects.bulk_update(to_update, ["effective_on", "partial"], batch_size=1000)
    UnitSuccession.objects.bulk_create(to_create, batch_size=2000)
    summary.successions_created += len(to_create)
    summary.successions_updated += len(to_update)


@transaction.atomic
def units_load(*, provinces: Iterable[str] | None = None) -> UnitsLoaded:
    """Load the official units of these provinces (codes since 01/7/2025, e.g. ["79"]), or of
    the whole country when None. Idempotent; raises ValueError for an unknown province code or
    a code whose validity would overlap another unit's (nothing is then written)."""
    selected = _selected(provinces)
    units, links = _official(selected)
    summary = UnitsLoaded(provinces=[_province_code(int(p.code)) for p in selected])
    ids = _write_units(units, summary)
    _write_paths([ids[u.key] for u in units if u.level == UnitLevel.PROVINCE])
    _check_no_overlap({u.code for u in units})
    _write_links(links, ids, summary)
    return summary
