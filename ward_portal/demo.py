"""Demo data of the shared core: the official tree of Thành phố Hồ Chí Minh (its pre-2025
districts and wards, Quận 1's ten among them, and its 168 communes since 01/7/2025), the demo
abbreviations and place names, and the demo logins.

Idempotent: every row is found by its natural key and updated, never duplicated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .models import AdministrativeUnit, Role, RoleAssignment, UnitLevel, User
from .unit_loader import units_load
from .units import unit_in_force

DEMO_PASSWORD = "demo-portal"  # noqa: S105 (documented demo logins)

# The demo's units are those of the 2022 article; since 01/7/2025 other units hold some of
# their codes (the new Phường Sài Gòn has Bến Nghé's 26740), so a code is looked up on this day.
DEMO_UNITS_ON = date(2022, 1, 1)
# Since 01/7/2025 the demo carries on in the communes in force today: the new Phường Bến
# Thành (26743, the old one's code) and Phường Sài Gòn (26740, the old Bến Nghé's code).
NEW_UNITS_ON = date(2026, 1, 1)
BEN_THANH, SAI_GON = "26743", "26740"

QUAN_1_WARDS = [
    # (official code, name, abbreviation) — Quận 1 before 01/7/2025
    ("26734", "Phường Tân Định", "TD"),
    ("26737", "Phường Đa Kao", "DK"),
    ("26740", "Phường Bến Nghé", "BN"),
    ("26743", "Phường Bến Thành", "BT"),
    ("26746", "Phường Nguyễn Thái Bình", "NTB"),
    ("26749", "Phường Phạm Ngũ Lão", "PNL"),
    ("26752", "Phường Cầu Ông Lãnh", "COL"),
    ("26755", "Phường Cô Giang", "CG"),
    ("26758", "Phường Nguyễn Cư Trinh", "NCT"),
    ("26761", "Phường Cầu Kho", "CK"),
]

# username, full name, position, [(unit code, day the code is looked up on, role, title)],
# superuser. A code names a unit only on a day: 26743 was the old Phường Bến Thành in 2022 and
# is the new one in 2026.
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", "Quản trị viên", [], True),
    (
        "lanhdao.hcm",
        "Lê Văn Minh",
        "Phó Chủ tịch UBND Thành phố Hồ Chí Minh",
        [("79", NEW_UNITS_ON, Role.LEADER, "Phó Chủ tịch UBND Thành phố")],
        False,
    ),
    (
        "lanhdao.q1",
        "Tô Thị Bích Châu",
        "Ủy viên Ban Thường vụ Thành ủy, Bí thư Quận ủy Quận 1",
        [("760", DEMO_UNITS_ON, Role.LEADER, "Bí thư Quận ủy Quận 1")],
        False,
    ),
    (
        "pbt.q1",
        "Hoàng Thị Tố Nga",
        "Phó Bí thư Thường trực Quận ủy Quận 1",
        [("760", DEMO_UNITS_ON, Role.LEADER, "Phó Bí thư Thường trực Quận ủy Quận 1")],
        False,
    ),
    (
        "lanhdao.ntb",
        "Lâm Quốc Thái",  # fictional: the article names no leader of the ward
        "Bí thư Đảng ủy Phường Nguyễn Thái Bình",
        [("26746", DEMO_UNITS_ON, Role.LEADER, "Bí thư Đảng ủy phường")],
        False,
    ),
    (
        "canbo.ntb",
        "Nguyễn Văn An",
        "Công chức Tài chính - Kế toán",
        [("26746", DEMO_UNITS_ON, Role.CLERK, "Công chức Tài chính - Kế toán")],
        False,
    ),
    (
        "canbo.bn",
        "Trần Thị Bình",
        "Công chức Văn phòng - Thống kê",
        [("26740", DEMO_UNITS_ON, Role.CLERK, "Công chức Văn phòng - Thống kê")],
        False,
    ),
    (
        "lanhdao.bt",
        "Nguyễn Thị Thu Hà",
        "Chủ tịch UBND Phường Bến Thành",
        [(BEN_THANH, NEW_UNITS_ON, Role.LEADER, "Chủ tịch UBND phường")],
        False,
    ),
    (
        "canbo.bt",
        "Đỗ Minh Tuấn",
        "Công chức Tài chính - Kế toán",
        [(BEN_THANH, NEW_UNITS_ON, Role.CLERK, "Công chức Tài chính - Kế toán")],
        False,
    ),
    (
        "lanhdao.sg",
        "Phạm Quốc Hưng",
        "Chủ tịch UBND Phường Sài Gòn",
        [(SAI_GON, NEW_UNITS_ON, Role.LEADER, "Chủ tịch UBND phường")],
        False,
    ),
    (
        "canbo.sg",
        "Huỳnh Ngọc Anh",
        "Công chức Tài chính - Kế toán",
        [(SAI_GON, NEW_UNITS_ON, Role.CLERK, "Công chức Tài chính - Kế toán")],
        False,
    ),
]


def _unit(code: str, **fields) -> AdministrativeUnit:
    # The demo's units are the pre-2025 ones (and the city, which continues): the official
    # list gives none of them a first day. Since 01/7/2025 other units hold some of the codes.
    unit = AdministrativeUnit.objects.filter(code=code, valid_from=None).first() or (
        AdministrativeUnit(code=code)
    )
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    return unit


def seed_units() -> dict[str, AdministrativeUnit]:
    units_load(provinces=["79"])
    hcmc = _unit(
        "79",
        name="Thành phố Hồ Chí Minh",
        abbreviation="HCM",
        level=UnitLevel.PROVINCE,
        parent=None,
        place_name="TP. Hồ Chí Minh",
    )
    q1 = _unit(
        "760",
        name="Quận 1",
        abbreviation="Q1",
        level=UnitLevel.DISTRICT,
        parent=hcmc,
        place_name="TP. Hồ Chí Minh",
        valid_to=date(2025, 6, 30),  # districts were abolished on 01/7/2025
    )
    units = {"79": hcmc, "760": q1}
    for code, name, abbreviation in QUAN_1_WARDS:
        units[code] = _unit(
            code,
            name=name,
            abbreviation=abbreviation,
            level=UnitLevel.COMMUNE,
            parent=q1,
            place_name="TP. Hồ Chí Minh",
            valid_to=date(2025, 6, 30),
        )
    # Our own fields for the two communes the demo carries on in (the official list has none).
    for code, abbreviation in [(BEN_THANH, "BT"), (SAI_GON, "SG")]:
        unit = unit_in_force(code, NEW_UNITS_ON)
        if unit is not None and not unit.abbreviation:
            unit.abbreviation, unit.place_name = abbreviation, "TP. Hồ Chí Minh"
            unit.save(update_fields=["abbreviation", "place_name"])
    return units


def demo_units(codes: Iterable[str], on: date = DEMO_UNITS_ON) -> dict[str, AdministrativeUnit]:
    """The demo's units with these codes on the day (by default the article's), by code."""
    units = AdministrativeUnit.objects.in_force_on(on).filter(code__in=list(codes))
    return {unit.code: unit for unit in units}


def _role_unit(units: dict[str, AdministrativeUnit], code: str, on: date) -> AdministrativeUnit:
    if on == DEMO_UNITS_ON and code in units:
        return units[code]
    unit = unit_in_force(code, on)
    if unit is None:
        raise LookupError(f"no unit holds the code {code} on {on:%d/%m/%Y}")
    return unit


def seed_users(units: dict[str, AdministrativeUnit]) -> dict[str, User]:
    users = {}
    for username, full_name, position, roles, superuser in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            # Only a new demo user gets the demo password: re-seeding never resets a password
            # someone has changed.
            user = User(username=username)
            user.set_password(DEMO_PASSWORD)
        user.full_name = full_name
        user.position = position
        user.email = f"{username}@demo.phuong.vn"
        user.is_superuser = user.is_staff = superuser
        user.is_active = True
        user.save()
        for code, on, role, title in roles:
            RoleAssignment.objects.update_or_create(
                user=user, unit=_role_unit(units, code, on), role=role, defaults={"title": title}
            )
        users[username] = user
    return users


def seed() -> None:
    units = seed_units()
    seed_users(units)
