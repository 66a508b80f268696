from xml.etree import ElementTree

from ward_portal.charts import Series, bar_chart


def test_bar_chart_is_valid_accessible_svg_with_escaped_text():
    svg = bar_chart(
        title="Chi <ngân sách>",
        labels=["01", "02"],
        series=[Series("Thu", [10, None]), Series("Chi & khác", [5, 20])],
    )
    root = ElementTree.fromstring(str(svg))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Chi <ngân sách>"
    assert "Chi & khác: 01 5, 02 20" in root.find(f"{ns}desc").text
    assert len(root.findall(f"{ns}rect")) == 3 + 2  # three bars and two legend keys


def test_bar_chart_without_data():
    svg = str(bar_chart(title="Trống", labels=[], series=[]))
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
    assert "Không có số liệu trong kỳ." in svg and "<rect" not in svg


def test_a_chart_without_any_value_says_so():
    svg = str(bar_chart(title="Chi", labels=["01", "02"], series=[Series("Chi", [0, None])]))
    assert "Không có số liệu trong kỳ." in svg
    assert "<rect" not in svg


def test_count_charts_have_whole_number_ticks():
    svg = str(bar_chart(title="Đơn", labels=["a", "b"], series=[Series("Số đơn", [3, 1])]))
    ticks = [t.split(">")[-1] for t in svg.split("</text>") if 'text-anchor="end"' in t]
    assert ticks == ["0", "1", "2", "3", "4"]
