"""The search benchmark (issue: "indexed so it stays fast with 100,000 meetings").

    python manage.py bench_search                 # 100,000 meetings
    python manage.py bench_search --meetings 20000 --runs 5

Inserts synthetic meetings (realistic folded text: names, places, agenda words) in one
transaction, runs the portal's own search queries for a leader who sees every unit, prints the
median time of each and whether PostgreSQL used the GIN index, then rolls everything back:
nothing is left in the database. Use a scratch or development database.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from meetings import selectors
from meetings.choices import MeetingKind
from meetings.models import Meeting
from ward_portal.models import AdministrativeUnit, User
from ward_portal.text import fold

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Tô"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Hữu", "Thanh", "Bích", "Ngọc"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hùng", "Lan", "Nga", "Phúc", "Tâm", "Trinh", "Vy"]
TOPICS = [
    "công tác dân vận", "cải cách hành chính", "trật tự đô thị", "phòng cháy chữa cháy",
    "thu ngân sách", "giảm nghèo", "vệ sinh môi trường", "an ninh trật tự", "xây dựng Đảng",
    "bến cóc xe dù", "lấn chiếm vỉa hè", "chuyển đổi số", "tuyển quân",
]  # fmt: skip
QUERIES = ["to thi bich chau", "dan van", "nguyen van", "ben coc xe du", "chuyen doi so 2026"]


class Command(BaseCommand):
    help = "Times the diacritic-insensitive meeting search over many synthetic meetings."

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=7)

    def handle(self, *args, meetings: int, runs: int, **options):
        leader = User.objects.filter(is_superuser=True).first()
        units = list(AdministrativeUnit.objects.all()[:20])
        if leader is None or not units:
            self.stderr.write("Load the demo data first (python manage.py seed_demo).")
            return
        with transaction.atomic():
            started = time.perf_counter()
            self._insert(meetings, units, leader)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE meetings_meeting")
            total = Meeting.objects.count()
            self.stdout.write(
                f"{total:,} meetings ({meetings:,} synthetic, inserted and indexed in "
                f"{time.perf_counter() - started:.1f} s)"
            )
            for text in QUERIES:
                self._measure(leader, text, runs)
            transaction.set_rollback(True)
        self.stdout.write("rolled back: the database is as it was")

    def _insert(self, count: int, units, person) -> None:
        rng = random.Random(2026)  # noqa: S311 (synthetic data, not secrets)
        start = timezone.now() - timedelta(days=3650)
        batch = []
        for n in range(count):
            chair = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            topic = rng.choice(TOPICS)
            unit = units[n % len(units)]
            title = f"Họp về {topic} năm {2016 + n % 11}"
            begins = start + timedelta(hours=n % 87600)
            text = " ".join([title, unit.name, chair, rng.choice(TOPICS), f"khu phố {n % 40}"])
            batch.append(
                Meeting(
                    kind=MeetingKind.OTHER,
                    title=title,
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=2),
                    place=f"Hội trường {unit.name}",
                    host_unit=unit,
                    issuing_body=unit.name.upper(),
                    body_symbol="UBND",
                    chair=person,
                    chair_position="Chủ tịch",
                    secretary=person,
                    secretary_position="Thư ký",
                    search_folded=fold(text),
                )
            )
            if len(batch) == 5000:
                Meeting.objects.bulk_create(batch)
                batch = []
        Meeting.objects.bulk_create(batch)

    def _measure(self, user, text: str, runs: int) -> None:
        qs = selectors.search_meetings(user, text).order_by("-starts_at")[:50]
        sql, params = qs.query.sql_with_params()
        timings = []
        with connection.cursor() as cursor:
            for _ in range(runs):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0][0]
                timings.append(plan["Execution Time"])
            cursor.execute("EXPLAIN " + sql, params)
            lines = "\n".join(row[0] for row in cursor.fetchall())
        hits = selectors.search_meetings(user, text).count()
        # With many hits PostgreSQL may rather walk the date index and stop at 50: also fast.
        indexes = sorted(set(re.findall(r"(?:using|on) (meeting_\w+)", lines))) or ["none"]
        self.stdout.write(
            f"  {text!r:24} {hits:>7,} hits  median {statistics.median(timings):7.1f} ms  "
            f"index: {', '.join(indexes)}"
        )
