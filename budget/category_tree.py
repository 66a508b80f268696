"""The category tree of TT 344/2016 Điều 9 (revenue) and Điều 10 (expenditure), as data.

Loại codes are the functional classification of TT 324/2016 (Mục lục NSNN); the mục codes of
shared revenues (1600, 2800, 2860) are from secondary sources and worth checking. Administrators
add finer nodes (mục, tiểu mục) in the admin. Loaded by migration 0002; `load()` is idempotent
and is also called by the demo data and the tests (a transactional test flushes tables).
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


def load(Category=None):
    """Creates the missing nodes; never changes what an administrator edited."""
    if Category is None:
        from .models import Category
    for direction, rows in (("revenue", REVENUE), ("expenditure", EXPENDITURE)):
        by_code = {}
        for order, (code, parent, name, loai, muc) in enumerate(rows, start=1):
            by_code[code], _ = Category.objects.get_or_create(
                code=code,
                defaults={
                    "direction": direction,
                    "parent": by_code.get(parent),
                    "name": name,
                    "loai": loai,
                    "muc": muc,
                    "sort_order": order * 10,
                    "legal_basis": "Thông tư 344/2016/TT-BTC, Điều "
                    + ("9" if direction == "revenue" else "10"),
                },
            )
