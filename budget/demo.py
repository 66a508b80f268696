"""Demo books: Phường Nguyễn Thái Bình 2021–2023 (2022 exactly as the article reports) and
plausible, different budgets for the other nine wards of Quận 1.

Idempotent: years, lines, adjustments and targets are found by their natural keys; entries are
generated deterministically and inserted with ignore_conflicts on (line, voucher, date).

NTB 2022 is seeded as a budget level whose revenue side holds what the ward collected (the
article's "thu ngân sách 3.124.335.200 đồng"); two other wards are seeded as spending units of
the district (expenditure only), the HCMC model of 2021–2025.
"""

# ruff: noqa: S311 (deterministic demo data, not cryptography)

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from ward_portal.demo import BEN_THANH, NEW_UNITS_ON, QUAN_1_WARDS, SAI_GON, demo_units
from ward_portal.models import AdministrativeUnit, Role, RoleAssignment, User

from .category_tree import load as load_category_tree
from .choices import AdjustmentStatus, BudgetMode, DisclosurePeriod, TargetGroup, YearStatus
from .models import (
    Adjustment,
    AuditEvent,
    BudgetLine,
    Category,
    Disclosure,
    Entry,
    FiscalYear,
    Target,
)
from .selectors import categories_for_year

NTB = "26746"
SPENDING_UNITS = {"26755", "26761"}  # Cô Giang, Cầu Kho

# Expenditure: (category, share of the estimate, execution rate, description of a voucher)
EXPENDITURE = [
    ("C2.11.1", 0.4459, 0.9953, "Chi lương, phụ cấp và hoạt động của UBND phường"),
    ("C2.11.2", 0.0945, 0.9927, "Chi hoạt động của Đảng ủy phường"),
    ("C2.11.3", 0.0828, 0.9920, "Chi hoạt động Mặt trận Tổ quốc và các đoàn thể"),
    ("C2.01", 0.0623, 0.9963, "Chi dân quân tự vệ, công tác tuyển quân"),
    ("C2.02", 0.0869, 0.9860, "Chi bảo đảm an ninh, trật tự an toàn xã hội"),
    ("C2.05", 0.0104, 0.9677, "Chi phòng chống dịch bệnh, vệ sinh an toàn thực phẩm"),
    ("C2.06", 0.0267, 0.9724, "Chi tuyên truyền, văn hóa, thông tin"),
    ("C2.08", 0.0106, 0.9440, "Chi hoạt động thể dục thể thao phong trào"),
    ("C2.09", 0.0338, 0.9863, "Chi thu gom rác, vệ sinh môi trường"),
    ("C2.10", 0.0516, 0.9778, "Chi duy tu, sửa chữa hẻm và công trình công cộng"),
    ("C2.12", 0.0860, 0.9876, "Chi trợ cấp, thăm hỏi gia đình chính sách, an sinh xã hội"),
    ("C3", 0.0085, 0.0, "Dự phòng ngân sách"),
]
REVENUE = [
    ("T1.1", 0.21, 1.0412, "Thu phí, lệ phí"),
    ("T1.4", 0.17, 1.1230, "Thu tiền xử phạt vi phạm hành chính"),
    ("T1.8", 0.05, 0.9480, "Thu khác"),
    ("T2.1", 0.12, 1.0210, "Thuế sử dụng đất phi nông nghiệp"),
    ("T2.3", 0.35, 1.0360, "Lệ phí môn bài hộ kinh doanh"),
    ("T2.4", 0.10, 1.0650, "Lệ phí trước bạ nhà, đất"),
]
# NTB 2022, exactly as the article: estimate in force and collected / spent, in đồng.
NTB_2022 = {
    "expenditure_estimate": 11_914_837_000,
    "expenditure_actual": 11_756_978_705,
    "revenue_estimate": 2_980_000_000,
    "revenue_actual": 3_124_335_200,
}
# Approved adjustments in NTB 2022 (category, date, decision, amount, reason).
NTB_2022_ADJUSTMENTS = [
    (
        "C2.11.1",
        datetime.date(2022, 7, 15),
        "1532/QĐ-UBND",
        180_000_000,
        "Bổ sung kinh phí thực hiện cải cách tiền lương",
    ),
    (
        "C2.12",
        datetime.date(2022, 9, 20),
        "2104/QĐ-UBND",
        95_000_000,
        "Bổ sung kinh phí hỗ trợ người dân bị ảnh hưởng bởi dịch COVID-19",
    ),
    (
        "C3",
        datetime.date(2022, 9, 20),
        "2105/QĐ-UBND",
        -60_000_000,
        "Sử dụng dự phòng ngân sách cho công tác an sinh xã hội",
    ),
    (
        "C2.02",
        datetime.date(2022, 11, 8),
        "2690/QĐ-UBND",
        45_000_000,
        "Bổ sung kinh phí tuần tra, bảo đảm an ninh dịp cuối năm",
    ),
]
NTB_2022_TARGETS = [
    (
        TargetGroup.SOCIO_ECONOMIC,
        "Hộ gia đình, tổ chức được tuyên truyền, vận động",
        "hộ/tổ chức",
        4500,
        4600,
    ),
    (TargetGroup.SOCIO_ECONOMIC, "Thu ngân sách trên địa bàn đạt dự toán", "%", 100, 104.84),
    (TargetGroup.DEFENCE, "Giao quân (công dân nhập ngũ)", "người", 11, 18),
    (TargetGroup.DEFENCE, "Kéo giảm tội phạm về trật tự xã hội", "%", 5, 7),
    (TargetGroup.PARTY, "Kết nạp đảng viên mới", "đảng viên", 10, 11),
    (TargetGroup.ADMIN_REFORM, "Tỷ lệ đánh giá hài lòng về thủ tục hành chính", "%", 95, 100),
    (TargetGroup.ADMIN_REFORM, "Hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", 98, 99.6),
]

# Other wards: (code, size relative to NTB, 2022 execution rate, 2023 growth)
OTHER_WARDS = {
    "26734": (1.32, 0.962, 1.06),
    "26737": (1.18, 0.991, 1.05),
    "26740": (1.74, 0.948, 1.08),
    "26743": (1.51, 0.975, 1.04),
    "26749": (1.27, 0.934, 1.07),
    "26752": (0.86, 0.987, 1.03),
    "26755": (0.79, 0.958, 1.05),
    "26758": (0.93, 0.971, 1.06),
    "26761": (0.83, 0.919, 1.04),
}


def _split(total: int, parts: int, rng: random.Random, grain: int = 1000) -> list[int]:
    """total split into `parts` positive pieces (multiples of `grain` except the last)."""
    if total <= 0:
        return []
    parts = max(1, min(parts, total // max(grain, 1) or 1))
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = sum(weights)
    pieces = [int(total * w / scale) // grain * grain for w in weights[:-1]]
    pieces = [p for p in pieces if p > 0]
    pieces.append(total - sum(pieces))
    return pieces


def _exact(total: int, shares: list[float], grain: int = 1000) -> list[int]:
    """total split by shares, the largest share absorbing the rounding."""
    amounts = [int(total * s) // grain * grain for s in shares]
    largest = max(range(len(shares)), key=lambda i: shares[i])
    amounts[largest] += total - sum(amounts)
    return amounts


def _working_day(year: int, month: int, rng: random.Random) -> datetime.date:
    while True:
        day = datetime.date(year, month, rng.randint(3, 28))
        if day.weekday() < 5:
            return day


def _clerk(unit: AdministrativeUnit) -> User:
    """The accountant who records a ward's vouchers (a named person, not the administrator)."""
    existing = (
        RoleAssignment.objects.filter(unit=unit, role=Role.CLERK)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if existing:
        return existing.user
    username = f"ketoan.{unit.abbreviation.lower()}"
    user = User.objects.filter(username=username).first() or User(username=username)
    user.full_name = f"Kế toán {unit.name}"
    user.position = "Công chức Tài chính - Kế toán"
    user.set_unusable_password()  # demo bookkeeper, not a demo login
    user.save()
    RoleAssignment.objects.get_or_create(
        user=user, unit=unit, role=Role.CLERK, defaults={"title": user.position}
    )
    return user


def _leader() -> User | None:
    return User.objects.filter(username="lanhdao.ntb").first()


def _year(unit, year, *, mode, status, decision, approved_on, closer=None) -> FiscalYear:
    fiscal_year, _ = FiscalYear.objects.update_or_create(
        unit=unit,
        year=year,
        defaults={
            "budget_mode": mode,
            "status": status,
            "estimate_decision": decision,
            "estimate_approved_on": approved_on,
            "closed_at": timezone.make_aware(datetime.datetime(year + 1, 2, 20, 9, 0))
            if status == YearStatus.CLOSED
            else None,
            "closed_by": closer if status == YearStatus.CLOSED else None,
        },
    )
    return fiscal_year


def _book(
    fiscal_year: FiscalYear,
    *,
    categories: dict[str, Category],
    plan: list[tuple],
    estimates: list[int],
    actuals: list[int],
    adjustments: dict[str, int],
    clerk: User,
    last_month: int,
    prefix: str,
    rng: random.Random,
    first_month: int = 1,
) -> None:
    """Lines with initial = estimate − approved adjustments, and entries spread over the months
    first_month..last_month adding up exactly to each line's actual."""
    entries = []
    counter = 0
    for (code, _share, _rate, description), estimate, actual in zip(
        plan, estimates, actuals, strict=True
    ):
        line, _ = BudgetLine.objects.update_or_create(
            fiscal_year=fiscal_year,
            category=categories[code],
            defaults={"initial_estimate": estimate - adjustments.get(code, 0)},
        )
        months = list(range(first_month, last_month + 1))
        monthly = _split(actual, len(months), rng) if actual else []
        for month, amount in zip(months, monthly, strict=False):
            pieces = _split(amount, rng.randint(1, 3), rng)
            for piece in pieces:
                counter += 1
                entries.append(
                    Entry(
                        line=line,
                        date=_working_day(fiscal_year.year, month, rng),
                        voucher_number=f"{prefix}-{fiscal_year.year % 100:02d}-{counter:04d}",
                        description=f"{description} tháng {month:02d}/{fiscal_year.year}",
                        amount=piece,
                        recorded_by=clerk,
                    )
                )
    Entry.objects.bulk_create(entries, ignore_conflicts=True, batch_size=2000)


def _adjust(fiscal_year, categories, rows, clerk, leader) -> dict[str, int]:
    total: dict[str, int] = {}
    for code, day, decision, amount, reason in rows:
        line, _ = BudgetLine.objects.get_or_create(
            fiscal_year=fiscal_year, category=categories[code]
        )
        Adjustment.objects.update_or_create(
            line=line,
            decision_number=decision,
            defaults={
                "date": day,
                "reason": reason,
                "amount": amount,
                "status": AdjustmentStatus.APPROVED,
                "proposed_by": clerk,
                "decided_by": leader or clerk,
                "decided_at": timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(15))
                ),
            },
        )
        total[code] = total.get(code, 0) + amount
    return total


def _seed_year(
    unit,
    year,
    *,
    categories,
    expenditure_estimate,
    expenditure_actual,
    revenue_estimate,
    revenue_actual,
    status,
    mode,
    last_month,
    adjustments,
    clerk,
    leader,
    rng,
    first_month=1,
    approved_on=None,
) -> FiscalYear:
    fiscal_year = _year(
        unit,
        year,
        mode=mode,
        status=status,
        decision=f"{rng.randint(5100, 6900)}/QĐ-UBND",
        approved_on=approved_on or datetime.date(year - 1, 12, rng.randint(20, 29)),
        closer=leader,
    )
    adjusted = _adjust(fiscal_year, categories, adjustments, clerk, leader)
    shares = [row[1] for row in EXPENDITURE]
    estimates = _exact(expenditure_estimate, shares)
    rates = [row[2] for row in EXPENDITURE]
    actuals = _exact_actuals(expenditure_actual, estimates, rates)
    _book(
        fiscal_year,
        categories=categories,
        plan=EXPENDITURE,
        estimates=estimates,
        actuals=actuals,
        adjustments=adjusted,
        clerk=clerk,
        last_month=last_month,
        prefix="PC",
        rng=rng,
        first_month=first_month,
    )
    if mode == BudgetMode.BUDGET_LEVEL:
        r_estimates = _exact(revenue_estimate, [row[1] for row in REVENUE])
        r_actuals = _exact_actuals(revenue_actual, r_estimates, [row[2] for row in REVENUE])
        _book(
            fiscal_year,
            categories=categories,
            plan=REVENUE,
            estimates=r_estimates,
            actuals=r_actuals,
            adjustments={},
            clerk=clerk,
            last_month=last_month,
            prefix="PT",
            rng=rng,
            first_month=first_month,
        )
    return fiscal_year


def _exact_actuals(total: int, estimates: list[int], rates: list[float]) -> list[int]:
    """Actuals near estimate × rate, scaled to add up exactly to total (to the đồng)."""
    raw = [e * r for e, r in zip(estimates, rates, strict=True)]
    scale = total / sum(raw)
    amounts = [int(x * scale) for x in raw]
    largest = max(range(len(raw)), key=lambda i: raw[i])
    amounts[largest] += total - sum(amounts)
    return amounts


def _targets(fiscal_year, rows, factor=1.0):
    from decimal import Decimal

    for order, (group, name, unit_of_measure, planned, actual) in enumerate(rows):
        if factor != 1.0 and unit_of_measure != "%":
            planned = round(planned * factor)
            actual = None if actual is None else round(actual * factor * 0.97)
        Target.objects.update_or_create(
            fiscal_year=fiscal_year,
            name=name,
            defaults={
                "group": group,
                "unit_of_measure": unit_of_measure,
                "planned": Decimal(str(planned)),
                "actual": None if actual is None else Decimal(str(actual)),
                "sort_order": order,
            },
        )


def _publish(fiscal_year, user, periods):
    from .selectors import disclosure_dates, execution_by_category

    for period, posted in periods:
        if Disclosure.objects.filter(fiscal_year=fiscal_year, period=period).exists():
            continue
        start, end = disclosure_dates(fiscal_year.year, period)
        rows = execution_by_category(
            unit_id=fiscal_year.unit_id,
            year=fiscal_year.year,
            end=end,
            initial_only=period == DisclosurePeriod.ESTIMATE,
        )
        Disclosure.objects.create(
            fiscal_year=fiscal_year,
            period=period,
            published_at=timezone.make_aware(datetime.datetime.combine(posted, datetime.time(8))),
            published_by=user,
            period_start=start,
            period_end=end,
            rows=[row.as_json() for row in rows],
        )


def _history(fiscal_year: FiscalYear, clerk: User, leader: User | None) -> None:
    """The year's life as the audit history shows it (created, estimate assigned, adjustments
    proposed and approved, disclosures, closed), dated when it happened; written once."""
    if AuditEvent.objects.filter(fiscal_year=fiscal_year).exists():
        return
    leader = leader or clerk
    year = fiscal_year.year

    def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    events = [
        (
            at(datetime.date(year - 1, 11, 15)),
            {
                "user": clerk,
                "action": "fiscal_year_create",
                "after": {
                    "year": year,
                    "budget_mode": fiscal_year.budget_mode,
                    "status": "planning",
                },
            },
        ),
        (
            at(fiscal_year.estimate_approved_on, 16),
            {
                "user": leader,
                "action": "fiscal_year_start_execution",
                "before": {"status": YearStatus.PLANNING},
                "after": {
                    "status": YearStatus.EXECUTION,
                    "estimate_decision": fiscal_year.estimate_decision,
                    "estimate_approved_on": fiscal_year.estimate_approved_on.isoformat(),
                },
            },
        ),
    ]
    adjustments = Adjustment.objects.filter(line__fiscal_year=fiscal_year).select_related("line")
    for adjustment in adjustments:
        common = {"line": adjustment.line, "object_type": "Adjustment", "object_id": adjustment.pk}
        events += [
            (
                at(adjustment.date),
                dict(
                    common,
                    user=adjustment.proposed_by,
                    action="adjustment_propose",
                    reason=adjustment.reason,
                    after={
                        "date": adjustment.date.isoformat(),
                        "decision_number": adjustment.decision_number,
                        "amount": adjustment.amount,
                        "status": AdjustmentStatus.PROPOSED,
                    },
                ),
            ),
            (
                adjustment.decided_at,
                dict(
                    common,
                    user=adjustment.decided_by,
                    action="adjustment_approve",
                    before={"status": AdjustmentStatus.PROPOSED},
                    after={"status": AdjustmentStatus.APPROVED},
                ),
            ),
        ]
    for disclosure in fiscal_year.disclosures.all():
        events.append(
            (
                disclosure.published_at,
                {
                    "user": disclosure.published_by,
                    "action": "disclosure_publish",
                    "object_type": "Disclosure",
                    "object_id": disclosure.pk,
                    "after": {
                        "period": disclosure.period,
                        "published_at": disclosure.published_at.isoformat(),
                    },
                },
            )
        )
    if fiscal_year.status == YearStatus.CLOSED and fiscal_year.closed_at:
        events.append(
            (
                fiscal_year.closed_at,
                {
                    "user": fiscal_year.closed_by or leader,
                    "action": "fiscal_year_close",
                    "before": {"status": YearStatus.EXECUTION},
                    "after": {"status": YearStatus.CLOSED},
                },
            )
        )
    for when, fields in events:
        fields.setdefault("object_type", "FiscalYear")
        fields.setdefault("object_id", fiscal_year.pk)
        event = AuditEvent.objects.create(fiscal_year=fiscal_year, **fields)
        AuditEvent.objects.filter(pk=event.pk).update(at=when)  # at is set on creation


def seed() -> None:
    load_category_tree()  # a flushed test database has lost the migration's rows
    # The demo books are 2021–2023: the tree of TT 344/2016 (mục lục TT 324/2016).
    categories = {c.code: c for c in categories_for_year(2022)}
    units = demo_units(c for c, *_ in QUAN_1_WARDS)
    leader = _leader()
    ntb = units[NTB]
    clerk = User.objects.filter(username="canbo.ntb").first() or _clerk(ntb)

    # NTB 2022: the article's figures.
    ntb_2022 = _seed_year(
        ntb,
        2022,
        categories=categories,
        expenditure_estimate=NTB_2022["expenditure_estimate"],
        expenditure_actual=NTB_2022["expenditure_actual"],
        revenue_estimate=NTB_2022["revenue_estimate"],
        revenue_actual=NTB_2022["revenue_actual"],
        status=YearStatus.CLOSED,
        mode=BudgetMode.BUDGET_LEVEL,
        last_month=12,
        adjustments=NTB_2022_ADJUSTMENTS,
        clerk=clerk,
        leader=leader,
        rng=random.Random(2022),
    )
    _targets(ntb_2022, NTB_2022_TARGETS)
    # NTB 2021 (closed) so that "same period last year" has values, and 2023 in execution.
    ntb_2021 = _seed_year(
        ntb,
        2021,
        categories=categories,
        expenditure_estimate=11_236_500_000,
        expenditure_actual=10_874_315_460,
        revenue_estimate=2_850_000_000,
        revenue_actual=2_796_418_300,
        status=YearStatus.CLOSED,
        mode=BudgetMode.BUDGET_LEVEL,
        last_month=12,
        adjustments=[],
        clerk=clerk,
        leader=leader,
        rng=random.Random(2021),
    )
    _targets(
        ntb_2021,
        [(g, n, u, p, a) for g, n, u, p, a in NTB_2022_TARGETS if u != "%"],
        factor=0.95,
    )
    ntb_2023 = _seed_year(
        ntb,
        2023,
        categories=categories,
        expenditure_estimate=12_486_200_000,
        expenditure_actual=8_734_905_150,
        revenue_estimate=3_200_000_000,
        revenue_actual=2_415_608_900,
        status=YearStatus.EXECUTION,
        mode=BudgetMode.BUDGET_LEVEL,
        last_month=9,
        adjustments=[
            (
                "C2.10",
                datetime.date(2023, 6, 12),
                "1208/QĐ-UBND",
                120_000_000,
                "Bổ sung kinh phí chỉnh trang đô thị",
            )
        ],
        clerk=clerk,
        leader=leader,
        rng=random.Random(2023),
    )
    _targets(
        ntb_2023,
        [(g, n, u, p, None) for g, n, u, p, _a in NTB_2022_TARGETS],
    )
    if leader:
        _publish(
            ntb_2022,
            leader,
            [
                (DisclosurePeriod.ESTIMATE, datetime.date(2022, 1, 14)),
                (DisclosurePeriod.Q1, datetime.date(2022, 4, 12)),
                (DisclosurePeriod.Q2, datetime.date(2022, 7, 13)),
                (DisclosurePeriod.Q3, datetime.date(2022, 10, 12)),
                (DisclosurePeriod.Q4, datetime.date(2023, 1, 12)),
                (DisclosurePeriod.YEAR, datetime.date(2023, 2, 24)),
            ],
        )
        _publish(
            ntb_2023,
            leader,
            [
                (DisclosurePeriod.ESTIMATE, datetime.date(2023, 1, 16)),
                (DisclosurePeriod.Q1, datetime.date(2023, 4, 13)),
                (DisclosurePeriod.Q2, datetime.date(2023, 7, 12)),
            ],
        )
    for fiscal_year in (ntb_2021, ntb_2022, ntb_2023):
        _history(fiscal_year, clerk, leader)

    # The other nine wards: different sizes and execution rates.
    for code, (size, rate, growth) in OTHER_WARDS.items():
        unit = units.get(code)
        if unit is None:
            continue
        ward_clerk = _clerk(unit)
        mode = BudgetMode.SPENDING_UNIT if code in SPENDING_UNITS else BudgetMode.BUDGET_LEVEL
        rng = random.Random(int(code))
        estimate_2022 = round(NTB_2022["expenditure_estimate"] * size, -6)
        for year, estimate, execution, status, last_month in (
            (2022, estimate_2022, rate, YearStatus.CLOSED, 12),
            (2023, round(estimate_2022 * growth, -6), rate * 0.74, YearStatus.EXECUTION, 9),
        ):
            revenue_estimate = round(
                NTB_2022["revenue_estimate"] * size * growth ** (year - 2022), -6
            )
            fiscal_year = _seed_year(
                unit,
                year,
                categories=categories,
                expenditure_estimate=estimate,
                expenditure_actual=int(estimate * execution) + rng.randint(0, 999_999),
                revenue_estimate=revenue_estimate,
                revenue_actual=int(revenue_estimate * rng.uniform(0.92, 1.12)),
                status=status,
                mode=mode,
                last_month=last_month,
                adjustments=[],
                clerk=ward_clerk,
                leader=None,
                rng=rng,
            )
            _targets(
                fiscal_year,
                [
                    (g, n, u, p, a if year == 2022 else None)
                    for g, n, u, p, a in NTB_2022_TARGETS
                    if u != "%"
                ],
                factor=size,
            )
            # Every ward publishes; some a few days after the legal deadline (15 days after
            # the quarter, 30 after the estimate), which the year's page then shows as late.
            delay = rng.choice([0, 0, 0, 4, 9])
            periods = [(DisclosurePeriod.ESTIMATE, datetime.date(year, 1, 12))] + [
                (period, datetime.date(year, month, 12) + datetime.timedelta(days=delay))
                for period, month in (
                    (DisclosurePeriod.Q1, 4),
                    (DisclosurePeriod.Q2, 7),
                    (DisclosurePeriod.Q3, 10),
                )
            ]
            if year == 2022:
                periods += [
                    (DisclosurePeriod.Q4, datetime.date(2023, 1, 12)),
                    (DisclosurePeriod.YEAR, datetime.date(2023, 2, 24)),
                ]
            _publish(fiscal_year, ward_clerk, periods)

    _seed_new_wards(categories)


# Since 01/7/2025: the new Phường Bến Thành (old Bến Thành, Phạm Ngũ Lão and part of Nguyễn Thái
# Bình) and Phường Sài Gòn (old Bến Nghé, Đa Kao and part of Nguyễn Thái Bình) are budget levels
# of their own. (code, clerk, leader, size relative to NTB 2022, 2026 execution so far)
NEW_WARDS = [
    (BEN_THANH, "canbo.bt", "lanhdao.bt", 2.85, 0.83),
    (SAI_GON, "canbo.sg", None, 3.20, 0.79),
]


def _seed_new_wards(categories) -> None:
    """2025 from 01/7 (the estimate covers the second half only; closed in February 2026) and
    2026 in execution, with vouchers up to last month."""
    units = demo_units([code for code, *_ in NEW_WARDS], on=NEW_UNITS_ON)
    today = timezone.localdate()
    last_month_2026 = 11 if today >= datetime.date(2026, 12, 1) else max(today.month - 1, 1)
    for code, clerk_name, leader_name, size, execution in NEW_WARDS:
        unit = units.get(code)
        if unit is None:
            continue
        clerk = User.objects.filter(username=clerk_name).first() or _clerk(unit)
        leader = User.objects.filter(username=leader_name).first() if leader_name else None
        rng = random.Random(int(code) + 2025)
        half = round(NTB_2022["expenditure_estimate"] * size * 0.55, -6)
        revenue_half = round(NTB_2022["revenue_estimate"] * size * 0.55, -6)
        year_2025 = _seed_year(
            unit,
            2025,
            categories=categories,
            expenditure_estimate=half,
            expenditure_actual=int(half * 0.963) + rng.randint(0, 999_999),
            revenue_estimate=revenue_half,
            revenue_actual=int(revenue_half * rng.uniform(1.01, 1.09)),
            status=YearStatus.CLOSED,
            mode=BudgetMode.BUDGET_LEVEL,
            first_month=7,
            last_month=12,
            approved_on=datetime.date(2025, 7, rng.randint(8, 15)),
            adjustments=[],
            clerk=clerk,
            leader=leader,
            rng=rng,
        )
        _targets(
            year_2025,
            [(g, n, u, p, a) for g, n, u, p, a in NTB_2022_TARGETS if u != "%"],
            factor=size * 0.5,
        )
        full = round(NTB_2022["expenditure_estimate"] * size * 1.12, -6)
        revenue_full = round(NTB_2022["revenue_estimate"] * size * 1.1, -6)
        year_2026 = _seed_year(
            unit,
            2026,
            # A 2026 book uses the classification in force from budget year 2026.
            categories={c.code: c for c in categories_for_year(2026)},
            expenditure_estimate=full,
            expenditure_actual=int(full * execution * last_month_2026 / 11)
            + rng.randint(0, 999_999),
            revenue_estimate=revenue_full,
            revenue_actual=int(revenue_full * 0.88 * last_month_2026 / 11),
            status=YearStatus.EXECUTION,
            mode=BudgetMode.BUDGET_LEVEL,
            last_month=last_month_2026,
            adjustments=[
                (
                    "C2.10",
                    datetime.date(2026, 6, 15),
                    f"{rng.randint(1100, 1900)}/QĐ-UBND",
                    150_000_000,
                    "Bổ sung kinh phí chỉnh trang đô thị, chống ngập",
                )
            ],
            clerk=clerk,
            leader=leader,
            rng=rng,
        )
        _targets(year_2026, [(g, n, u, p, None) for g, n, u, p, _a in NTB_2022_TARGETS])
        publisher = leader or clerk
        _publish(
            year_2025,
            publisher,
            [
                (DisclosurePeriod.ESTIMATE, datetime.date(2025, 7, 28)),
                (DisclosurePeriod.Q3, datetime.date(2025, 10, 13)),
                (DisclosurePeriod.Q4, datetime.date(2026, 1, 13)),
                (DisclosurePeriod.YEAR, datetime.date(2026, 2, 26)),
            ],
        )
        _publish(
            year_2026,
            publisher,
            [
                (period, posted)
                for period, posted in (
                    (DisclosurePeriod.ESTIMATE, datetime.date(2026, 1, 15)),
                    (DisclosurePeriod.Q1, datetime.date(2026, 4, 13)),
                    (DisclosurePeriod.Q2, datetime.date(2026, 7, 13)),
                    (DisclosurePeriod.Q3, datetime.date(2026, 10, 12)),
                )
                if posted <= today
            ],
        )
        for fiscal_year in (year_2025, year_2026):
            _history(fiscal_year, clerk, leader)
