"""The category tree of TT 344/2016 Điều 9 (revenue) and Điều 10 (expenditure), as data.

Loại codes are the functional classification of TT 324/2016 (Mục lục NSNN); the mục codes of
shared revenues (1600, 2800, 2860) are from secondary sources and worth checking. Administrators
add finer nodes (mục, tiểu mục) in the admin. Loaded by migration 0002 (the rows) and 0005
(the versions); `load()` is idempotent and is also called by the demo data and the tests (a
transactional test flushes tables).
"""

# (code, parent code, name, loại, mục)
REVENUE = [
    ("T1", None, "Các khoản thu ngân sách xã hưởng 100%", "", ""),
    ("T1.1", "T1", "Phí, lệ phí giao xã thu", "", ""),
    ("T1.2", "T1", "Thu từ hoạt động sự nghiệp của xã", "", ""),
    ("T1.3", "T1", "Thu từ quỹ đất công ích và hoa lợi công sản", "", ""),
    ("T1.4", "T1", "Tiền xử phạt vi phạm hành chính, phạt, tịch thu", "", ""),
    ("T1.5", "T1", "Thu từ tài sản được xác lập quyền sở hữu nhà nước", "", ""),
    ("T1.6", "T1", "Huy động đóng góp", "", ""),
    ("T1.7", "T1", "Viện trợ không hoàn lại trực tiếp cho xã", "", ""),
    ("T1.8", "T1", "Thu khác", "", ""),
    ("T2", None, "Các khoản thu phân chia theo tỷ lệ phần trăm", "", ""),
    ("T2.1", "T2", "Thuế sử dụng đất phi nông nghiệp", "", "1600"),
    ("T2.2", "T2", "Thuế sử dụng đất nông nghiệp thu từ hộ gia đình", "", ""),
    ("T2.3", "T2", "Lệ phí môn bài thu từ cá nhân, hộ kinh doanh", "", "2860"),
    ("T2.4", "T2", "Lệ phí trước bạ nhà, đất", "", "2800"),
    ("T3", None, "Thu bổ sung từ ngân sách cấp trên", "", ""),
    ("T3.1", "T3", "Bổ sung cân đối", "", ""),
    ("T3.2", "T3", "Bổ sung có mục tiêu", "", ""),
    ("T4", None, "Thu kết dư ngân sách năm trước", "", ""),
    ("T5", None, "Thu chuyển nguồn năm trước chuyển sang", "", ""),
]
EXPENDITURE = [
    ("C1", None, "Chi đầu tư phát triển", "", ""),
    ("C1.1", "C1", "Chi đầu tư xây dựng cơ sở hạ tầng", "", ""),
    ("C1.2", "C1", "Chi đầu tư từ nguồn huy động đóng góp", "", ""),
    ("C2", None, "Chi thường xuyên", "", ""),
    ("C2.01", "C2", "Chi quốc phòng (dân quân tự vệ, nghĩa vụ quân sự)", "010", ""),
    ("C2.02", "C2", "Chi an ninh, trật tự an toàn xã hội", "040", ""),
    ("C2.03", "C2", "Chi sự nghiệp giáo dục", "070", ""),
    ("C2.04", "C2", "Chi ứng dụng, chuyển giao công nghệ", "100", ""),
    ("C2.05", "C2", "Chi sự nghiệp y tế", "130", ""),
    ("C2.06", "C2", "Chi văn hóa, thông tin", "160", ""),
    ("C2.07", "C2", "Chi phát thanh, truyền thanh", "190", ""),
    ("C2.08", "C2", "Chi thể dục thể thao", "220", ""),
    ("C2.09", "C2", "Chi bảo vệ môi trường", "250", ""),
    ("C2.10", "C2", "Chi hoạt động kinh tế", "280", ""),
    ("C2.11", "C2", "Chi quản lý nhà nước, Đảng, đoàn thể", "340", ""),
    ("C2.11.1", "C2.11", "Quản lý nhà nước", "340", ""),
    ("C2.11.2", "C2.11", "Kinh phí hoạt động của Đảng ủy", "340", ""),
    ("C2.11.3", "C2.11", "Mặt trận Tổ quốc và các đoàn thể", "340", ""),
    ("C2.12", "C2", "Chi công tác xã hội", "370", ""),
    ("C2.13", "C2", "Chi khác", "", ""),
    ("C3", None, "Dự phòng ngân sách", "", ""),
]


# The classification versions (vn-rules.md §3.1, §3.7). Only what the research marks confirmed
# [C] or sourced [S] is loaded as such; the 2026 tree's categories are not given by it, so the
# 2026 version copies the groups of TT 344/2016 and says so (confirmed=False).
UNCONFIRMED_2026 = "chưa được xác nhận theo TT 130/2025 — giữ cấu trúc nhóm của TT 344/2016"
VERSIONS = [
    {
        "name": "TT 344/2016 và mục lục NSNN theo TT 324/2016",
        "legal_basis": "Luật NSNN 83/2015/QH13; Thông tư 344/2016/TT-BTC Điều 9–10; "
        "Thông tư 324/2016/TT-BTC (mục lục NSNN)",
        "first_year": 2017,
        "last_year": 2025,
        "confirmed": True,
        "note": "Cây mục theo TT 344/2016 Điều 9–10. Mã mục 1600, 2800, 2860 theo nguồn thứ cấp, "
        "cần đối chiếu.",
        "chapters": [
            ("001", "399", "Trung ương"),
            ("400", "599", "Tỉnh"),
            ("600", "799", "Huyện"),
            ("800", "989", "Xã"),
        ],
        "chapter_basis": "Thông tư 324/2016/TT-BTC",
        "chapter_changes": [],
    },
    {
        "name": "Luật NSNN 89/2025 và mục lục NSNN theo TT 130/2025/TT-BTC",
        "legal_basis": "Luật NSNN 89/2025/QH15; Thông tư 130/2025/TT-BTC (24/12/2025), "
        "áp dụng từ năm ngân sách 2026",
        "first_year": 2026,
        "last_year": None,
        "confirmed": False,
        "note": UNCONFIRMED_2026,
        # TT 130/2025 abolishes the district range 600–799 [S].
        "chapters": [("001", "399", "Trung ương"), ("400", "599", "Tỉnh"), ("800", "989", "Xã")],
        "chapter_basis": "Thông tư 130/2025/TT-BTC: bỏ khoảng chương 600–799 của cấp huyện",
        "chapter_changes": [("754", "854"), ("755", "855"), ("756", "856"), ("757", "857")],
    },
]


def _models(apps):
    if apps is None:
        from django.apps import apps
    return (
        apps.get_model("budget", "Classification"),
        apps.get_model("budget", "Category"),
        apps.get_model("budget", "CategoryMapping"),
    )


def _version(Classification, spec):
    version, created = Classification.objects.get_or_create(
        first_year=spec["first_year"],
        defaults={
            key: spec[key] for key in ("name", "legal_basis", "last_year", "confirmed", "note")
        },
    )
    if created:
        for first, last, level in spec["chapters"]:
            version.chapter_ranges.create(
                first_code=first, last_code=last, level=level, legal_basis=spec["chapter_basis"]
            )
        for old, new in spec["chapter_changes"]:
            version.chapter_changes.create(
                old_code=old, new_code=new, legal_basis="Thông tư 130/2025/TT-BTC"
            )
    return version


def load_versions(apps=None):
    """Creates the missing versions, nodes and mappings; never changes what an administrator
    edited. Called by migration 0005, the demo data and the tests (a transactional test
    flushes tables)."""
    Classification, Category, CategoryMapping = _models(apps)
    old = _version(Classification, VERSIONS[0])
    new = _version(Classification, VERSIONS[1])
    old_nodes = {}
    for direction, rows in (("revenue", REVENUE), ("expenditure", EXPENDITURE)):
        for order, (code, parent, name, loai, muc) in enumerate(rows, start=1):
            old_nodes[code], _ = Category.objects.get_or_create(
                classification=old,
                code=code,
                defaults={
                    "direction": direction,
                    "parent": old_nodes.get(parent),
                    "name": name,
                    "loai": loai,
                    "muc": muc,
                    "sort_order": order * 10,
                    "legal_basis": "Thông tư 344/2016/TT-BTC, Điều "
                    + ("9" if direction == "revenue" else "10"),
                },
            )
    copy_groups(Category, CategoryMapping, source=old, target=new)


def copy_groups(Category, CategoryMapping, *, source, target):
    """Copies the tree of `source` into `target` (same codes, names and shape; no Mục lục
    codes, which the new version does not give) and maps each node to its copy. Nodes an
    administrator added to `source` are copied too; existing copies are left alone."""
    copies = {c.code: c for c in Category.objects.filter(classification=target)}
    if copies:
        return
    nodes = list(Category.objects.filter(classification=source))
    by_pk = {n.pk: n for n in nodes}

    def depth(node):
        return 0 if node.parent_id is None else 1 + depth(by_pk[node.parent_id])

    for node in sorted(nodes, key=depth):
        copies[node.code] = Category.objects.create(
            classification=target,
            direction=node.direction,
            code=node.code,
            name=node.name,
            parent=copies[by_pk[node.parent_id].code] if node.parent_id else None,
            sort_order=node.sort_order,
            is_active=node.is_active,
            legal_basis=UNCONFIRMED_2026,
        )
        CategoryMapping.objects.create(source=node, target=copies[node.code], note=UNCONFIRMED_2026)


def load(apps=None):
    """The whole set of versions (kept under its old name for the demo and the tests)."""
    load_versions(apps)
