import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from service.cli import main

HEADER = "owner,item,supplier,supplier_region,amount,period"
ROWS = [
    '甲公司,轴承,咸安轴承厂,421202,"1,000.50",2025-01',
    "甲公司,ＰＣＢ 板,武汉电子,420102,2000,2025-Q1",
    "甲公司,pcb板,武汉电子 ,420100,500元,2025-3",
    "乙公司,钢材,随州钢铁,421303,３０００,2025",
    "乙公司,钢材,咸宁钢铁,421200,1000,2025年2月",
    "丙公司,电机,随州电机,421381,800,2025q2",
]
CSV_TEXT = "\n".join([HEADER, *ROWS]) + "\n"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    assert main(["ledger-report", *argv]) == 0
    out = capsys.readouterr().out
    return json.loads(out)  # type: ignore[no-any-return]


def check_figures(data: dict) -> None:  # type: ignore[type-arg]
    assert data["home_region"] == "421200"
    assert data["home_region_name"] == "咸宁市"
    assert data["overall"]["local_amount"] == 2000.5
    assert data["overall"]["total_amount"] == 8300.5
    assert data["overall"]["rate"] == pytest.approx(2000.5 / 8300.5)
    assert [(r["owner"], r["local_amount"], r["total_amount"]) for r in data["by_owner"]] == [
        ("丙公司", 0, 800),
        ("乙公司", 1000, 4000),
        ("甲公司", 1000.5, 3500.5),
    ]
    assert [r["period"] for r in data["by_period"]] == [
        "2025",
        "2025-Q1",
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-Q2",
    ]
    assert [(s["item"], s["amount"], s["local"]) for s in data["single_source"]] == [
        ("ＰＣＢ 板", 2500, False),
        ("轴承", 1000.5, True),
        ("电机", 800, False),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    path = write(tmp_path, "ledger.csv", CSV_TEXT.replace("３０００", "3000").encode(encoding))
    data = run_json(capsys, "--ledger", path, "--home-region", "421200")
    check_figures(data)
    assert data["near_regions"] == []
    assert "near_rate" not in data["overall"]


def test_xlsx_with_numeric_cells_and_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(["甲公司", "轴承", "咸安轴承厂", 421202.0, 1000.5, dt.datetime(2025, 1, 15)])
    sheet.append(["甲公司", "ＰＣＢ 板", "武汉电子", 420102, 2000, "2025-Q1"])
    sheet.append(["甲公司", "pcb板", "武汉电子 ", "420100", "500元", "2025-3"])
    sheet.append(["乙公司", "钢材", "随州钢铁", 421303, 3000, 2025])
    sheet.append(["乙公司", "钢材", "咸宁钢铁", 421200, 1000, "2025年2月"])
    sheet.append(["丙公司", "电机", "随州电机", 421381, 800, "2025Q2"])
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    check_figures(run_json(capsys, "--ledger", str(path), "--home-region", "421200"))


def test_near_area_adds_near_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "ledger.csv", CSV_TEXT.encode())
    data = run_json(capsys, "--ledger", path, "--home-region", "421200", "--near", "420100")
    assert data["near_regions"] == ["420100"]
    assert data["overall"]["near_amount"] == 4500.5
    assert data["overall"]["near_rate"] == pytest.approx(4500.5 / 8300.5)
    assert [r["near_rate"] for r in data["by_owner"]] == [0.0, 0.25, 1.0]


def test_window_with_no_lines_gives_null_rates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "ledger.csv", CSV_TEXT.encode())
    data = run_json(capsys, "--ledger", path, "--home-region", "421200", "--from", "2026")
    assert data["period_from"] == "2026"
    assert data["overall"]["rate"] is None
    assert data["overall"]["total_amount"] == 0
    assert (
        main(
            [
                "ledger-report",
                "--ledger",
                path,
                "--home-region",
                "421200",
                "--from",
                "2026",
                "--format",
                "table",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "合计" in out
    assert "—" in out


BAD_ROWS = [
    "甲公司,轴承,咸安轴承厂,421202,100,2025-01",  # row 2: fine
    "甲公司,轴承,咸安轴承厂,421202,abc,2025-01",  # row 3
    "甲公司,轴承,咸安轴承厂,421202,-5,2025-01",  # row 4
    "甲公司,轴承,咸安轴承厂,999999,5,2025-01",  # row 5
    "甲公司,轴承,咸安轴承厂,421202,5,2025-13",  # row 6
    ",轴承,咸安轴承厂,421202,5,2025-01",  # row 7
    "甲公司,轴承,咸安轴承厂,4212,5,2025-01",  # row 8
]


@pytest.mark.parametrize("fmt", ["json", "table", "xlsx"])
def test_bad_rows_are_all_listed_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    path = write(tmp_path, "bad.csv", "\n".join([HEADER, *BAD_ROWS]).encode())
    out = tmp_path / f"report.{fmt}"
    code = main(
        [
            "ledger-report",
            "--ledger",
            path,
            "--home-region",
            "421200",
            "--format",
            fmt,
            "--out",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert code == 2
    assert not out.exists()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "row 3: 金额不是数字：abc",
        "row 4: 金额不能为负数：-5",
        "row 5: 未知的地区代码：999999",
        "row 6: 期间月份应为 1–12",
        "row 7: owner（采购企业） 为空",
        "row 8: 地区代码格式错误：4212（应为 6 位 GB/T 2260 代码）",
    ]


def test_missing_column_is_row_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "bad.csv", "owner,item,supplier,amount,period\n甲,a,b,1,2025\n".encode())
    assert main(["ledger-report", "--ledger", path, "--home-region", "421200"]) == 2
    assert capsys.readouterr().err.strip() == "row 1: 缺少必需的列：supplier_region"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--home-region", "999999"], "参数错误：未知的地区代码：999999"),
        (["--home-region", "421200", "--near", "420100,12"], "参数错误：地区代码格式错误"),
        (["--home-region", "421200", "--format", "xlsx"], "xlsx 格式必须用 --out 指定输出文件"),
        (
            ["--home-region", "421200", "--from", "2025-Q3", "--to", "2025-01"],
            "参数错误：期间起点晚于终点",
        ),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    path = write(tmp_path, "ledger.csv", CSV_TEXT.encode())
    assert main(["ledger-report", "--ledger", path, *extra]) == 2
    assert capsys.readouterr().err.startswith(message)


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["ledger-report", "--ledger", str(tmp_path / "none.csv"), "--home-region", "421200"])
        == 2
    )
    assert "无法打开文件" in capsys.readouterr().err


def test_table_is_aligned_for_cjk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from service.ledger.table import display_width

    path = write(tmp_path, "ledger.csv", CSV_TEXT.encode())
    assert (
        main(["ledger-report", "--ledger", path, "--home-region", "421200", "--format", "table"])
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "本地区域：421200 咸宁市"
    start = out.index("【按企业】")
    header, rule, *rows = out[start + 1 : start + 6]
    assert header.split() == [
        "采购企业",
        "本地采购额(元)",
        "采购总额(元)",
        "本地配套率",
        "品种数",
        "本地配套品种数",
        "品种本地配套率",
        "台账行数",
    ]
    assert rows[2].split() == ["甲公司", "1,000.50", "3,500.50", "28.58%", "2", "1", "50.00%", "3"]
    # every line of the block has the same display width as the rule under the header
    assert {display_width(r) for r in rows} == {display_width(rule)}


def test_json_and_table_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "ledger.csv", CSV_TEXT.encode())
    out = tmp_path / "r.json"
    assert (
        main(["ledger-report", "--ledger", path, "--home-region", "421200", "--out", str(out)]) == 0
    )
    assert capsys.readouterr().out == ""
    check_figures(json.loads(out.read_text(encoding="utf-8")))
    assert "咸宁市" in out.read_text(encoding="utf-8")  # ensure_ascii=False


def test_xlsx_output_has_a_sheet_per_breakdown(tmp_path: Path) -> None:
    text = CSV_TEXT.replace(HEADER, HEADER + ",chain").replace("\n", ",汽车\n")
    text = text.replace(HEADER + ",chain,汽车", HEADER + ",chain")
    path = write(tmp_path, "ledger.csv", text.encode())
    out = tmp_path / "report.xlsx"
    assert (
        main(
            [
                "ledger-report",
                "--ledger",
                path,
                "--home-region",
                "421200",
                "--near",
                "420100",
                "--format",
                "xlsx",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    book = load_workbook(out)
    assert book.sheetnames == [
        "总体",
        "按企业",
        "按期间",
        "按季度",
        "按年度",
        "按产业链",
        "按供应商地区",
        "唯一来源",
        "说明",
    ]
    owners = book["按企业"]
    assert owners["A1"].value == "采购企业"
    assert owners["A4"].value == "甲公司"
    assert owners["B4"].value == 1000.5
    assert owners["D4"].value == pytest.approx(1000.5 / 3500.5)
    assert owners["D4"].number_format == "0.00%"
    assert book["总体"]["C2"].value == 8300.5
    assert book["按产业链"]["A2"].value == "汽车"
    assert book["唯一来源"]["B2"].value == "ＰＣＢ 板"
