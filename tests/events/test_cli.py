"""`peitao schedule-meetings`: the file contract, every bad-row reason, encodings, time limit."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from service.cli import main
from tests.events.instances import Instance, feasibility_problems, random_instance, weight_of

PAIRS = (
    "owner_id,supplier_id,weight\n甲公司,乙厂,3\n甲公司,丙厂,2\n丁公司,乙厂,1.5\n丁公司,丙厂,0\n"
)
UNAVAILABLE = "side,party_id,slot\nowner,甲公司,1\n"
EXPECTED = ["owner_id,supplier_id,slot,table", "丁公司,乙厂,1,1", "甲公司,乙厂,2,1"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def schedule(*args: object, slots: int = 2, tables: int = 1) -> int:
    argv = ["schedule-meetings", "--slots", str(slots), "--tables", str(tables)]
    return main([*argv, *(str(a) for a in args)])


def output_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    return data.decode("utf-8").splitlines()


class TestContract:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
    def test_csv_in_every_encoding(self, tmp_path: Path, encoding: str) -> None:
        pairs = write(tmp_path, "pairs.csv", PAIRS.encode(encoding))
        unavailable = write(tmp_path, "unavail.csv", UNAVAILABLE.encode(encoding))
        out = tmp_path / "schedule.csv"
        assert schedule("--pairs", pairs, "--unavailable", unavailable, "--out", out) == 0
        assert output_lines(out) == EXPECTED

    def test_xlsx_with_numeric_cells(self, tmp_path: Path) -> None:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in (["owner_id", "supplier_id", "weight"], [1001, 2001, 3.0], [1001, 2002, 2]):
            sheet.append(row)
        sheet.append([1002, 2001, 1.5])
        sheet.append([1002, 2002, 0])
        book.save(tmp_path / "pairs.xlsx")
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["side", "party_id", "slot"])
        sheet.append(["owner", 1001, 1.0])
        book.save(tmp_path / "unavail.xlsx")
        out = tmp_path / "schedule.csv"
        args = ("--pairs", tmp_path / "pairs.xlsx", "--unavailable", tmp_path / "unavail.xlsx")
        assert schedule(*args, "--out", out) == 0
        assert output_lines(out) == [EXPECTED[0], "1002,2001,1,1", "1001,2001,2,1"]

    def test_without_unavailability_and_summary_on_stderr(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        pairs = write(tmp_path, "pairs.csv", PAIRS.encode())
        out = tmp_path / "out" / "schedule.csv"
        assert schedule("--pairs", pairs, "--out", out, slots=1, tables=2) == 0
        assert output_lines(out) == [EXPECTED[0], "丁公司,乙厂,1,1", "甲公司,丙厂,1,2"]
        assert capsys.readouterr().err.startswith(
            "已安排 2 场会谈，总权重 3.5000，上界 3.5000（差距 0.00%，方法 flow），用时 "
        )

    def test_quiet_keeps_stderr_empty(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        pairs = write(tmp_path, "pairs.csv", PAIRS.encode())
        assert schedule("--pairs", pairs, "--out", tmp_path / "s.csv", "--quiet") == 0
        assert capsys.readouterr().err == ""

    @pytest.mark.parametrize("share", [0.0, 0.2])
    def test_every_output_row_is_feasible(self, tmp_path: Path, share: float) -> None:
        instance = random_instance(
            11, owners=8, suppliers=20, pairs=60, slots=5, tables=4, unavailable_share=share
        )
        rows = run_instance(tmp_path, instance)
        assert feasibility_problems(rows, instance) == []
        assert len(rows) == 20  # 5 slots × 4 tables, all filled on this instance
        assert weight_of(rows, instance) > 0

    def test_progress_lines_during_a_long_solve_and_the_time_limit(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("service.cli.schedule_meetings.PROGRESS_EVERY_SECONDS", 0.001)
        instance = random_instance(
            5, owners=30, suppliers=30, pairs=300, slots=8, tables=30, unavailable_share=0.4
        )
        rows = run_instance(tmp_path, instance, "--time-limit", "0.5", quiet=False)
        assert feasibility_problems(rows, instance) == []
        err = capsys.readouterr().err.splitlines()
        assert err[0].startswith("排期求解中：已用 ")
        assert err[0].endswith(" 秒，上限 0.5 秒")
        assert err[-1].startswith("已安排 ")


def run_instance(
    tmp_path: Path, instance: Instance, *extra: str, quiet: bool = True
) -> list[list[str]]:
    pairs = tmp_path / "pairs.csv"
    with pairs.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["owner_id", "supplier_id", "weight"])
        writer.writerows([p.owner_id, p.supplier_id, repr(p.weight)] for p in instance.pairs)
    unavailable = tmp_path / "unavail.csv"
    with unavailable.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["side", "party_id", "slot"])
        writer.writerows([u.side, u.party_id, u.slot] for u in instance.unavailable)
    out = tmp_path / "schedule.csv"
    args = ["--pairs", pairs, "--unavailable", unavailable, "--out", out, *extra]
    code = schedule(
        *args, *(["--quiet"] if quiet else []), slots=instance.slots, tables=instance.tables
    )
    assert code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["owner_id", "supplier_id", "slot", "table"]
    return rows[1:]


class TestBadInput:
    @pytest.mark.parametrize(
        ("pairs", "unavailable", "expected"),
        [
            (
                "owner_id,supplier_id,weight\no1,s1,1\no1,s1,2\n",
                None,
                ["row 3: 配对 o1–s1 与第 2 行重复"],
            ),
            ("owner_id,supplier_id,weight\no1,s1,-1\n", None, ["row 2: weight 不能为负数：-1"]),
            ("owner_id,supplier_id,weight\no1,s1,很多\n", None, ["row 2: weight 不是数字：很多"]),
            ("owner_id,supplier_id,weight\no1,s1,inf\n", None, ["row 2: weight 不是有限数：inf"]),
            ("owner_id,supplier_id,weight\no1,,1\n", None, ["row 2: supplier_id 为空"]),
            ("owner_id,supplier_id,weight\no1\n", None, ["row 2: supplier_id、weight 为空"]),
            ("owner_id,supplier_id\no1,s1\n", None, ["row 1: 缺少必需的列：weight"]),
            (
                PAIRS,
                "side,party_id,slot\nbuyer,o1,1\n",
                ["row 2: side 必须为 owner 或 supplier：buyer"],
            ),
            (PAIRS, "side,party_id,slot\nowner,o1,3\n", ["row 2: slot 超出 1–2：3"]),
            (PAIRS, "side,party_id,slot\nsupplier,s1,0\n", ["row 2: slot 超出 1–2：0"]),
            (PAIRS, "side,party_id,slot\nowner,o1,第一场\n", ["row 2: slot 不是整数：第一场"]),
            (PAIRS, "side,party_id,slot\nowner,,1\n", ["row 2: party_id 为空"]),
            (PAIRS, "side,party,slot\nowner,o1,1\n", ["row 1: 缺少必需的列：party_id"]),
            (
                "owner_id,supplier_id,weight\no1,s1,1\n\no1,s1,x\no2,s2,-2\no2,s3,1\n",
                "side,party_id,slot\nowner,o1,1\nboth,,9\n",
                [
                    "row 4: weight 不是数字：x；配对 o1–s1 与第 2 行重复",
                    "row 5: weight 不能为负数：-2",
                    "row 3: party_id 为空；side 必须为 owner 或 supplier：both；slot 超出 1–2：9",
                ],
            ),
        ],
    )
    def test_every_bad_row_on_stderr_nothing_written_exit_2(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        pairs: str,
        unavailable: str | None,
        expected: list[str],
    ) -> None:
        args: list[object] = ["--pairs", write(tmp_path, "pairs.csv", pairs.encode())]
        if unavailable is not None:
            args += ["--unavailable", write(tmp_path, "unavail.csv", unavailable.encode())]
        out = tmp_path / "schedule.csv"
        assert schedule(*args, "--out", out) == 2
        assert capsys.readouterr().err.splitlines() == expected
        assert not out.exists()
        assert {p.name for p in tmp_path.iterdir()} <= {"pairs.csv", "unavail.csv"}

    @pytest.mark.parametrize(
        ("slots", "tables", "extra", "expected"),
        [
            (0, 1, [], ["error: --slots 必须为正整数"]),
            (2, -1, [], ["error: --tables 必须为正整数"]),
            (0, 0, [], ["error: --slots 必须为正整数", "error: --tables 必须为正整数"]),
            (2, 1, ["--time-limit", "0"], ["error: --time-limit 必须为正数"]),
        ],
    )
    def test_bad_sizes(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        slots: int,
        tables: int,
        extra: list[str],
        expected: list[str],
    ) -> None:
        pairs = write(tmp_path, "pairs.csv", PAIRS.encode())
        out = tmp_path / "schedule.csv"
        code = schedule("--pairs", pairs, "--out", out, *extra, slots=slots, tables=tables)
        assert code == 2
        assert capsys.readouterr().err.splitlines() == expected
        assert not out.exists()

    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out = tmp_path / "schedule.csv"
        assert schedule("--pairs", tmp_path / "none.csv", "--out", out) == 2
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1
        assert err[0].startswith(f"无法打开文件 {tmp_path / 'none.csv'}：")
        assert not out.exists()

    def test_an_old_schedule_is_left_untouched(self, tmp_path: Path) -> None:
        out = write(tmp_path, "schedule.csv", b"old")
        bad = write(tmp_path, "pairs.csv", b"owner_id,supplier_id,weight\no1,s1,-1\n")
        assert schedule("--pairs", bad, "--out", out) == 2
        assert out.read_bytes() == b"old"


def test_the_command_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "schedule-meetings" in capsys.readouterr().out
