"""python -m geo followup: the per-area, per-indicator table (CSV contract), its options and errors;
and the committee's report (Excel, PDF) built from the same numbers."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from geo.cli import main
from geo.dataset.load import load_dataset
from geo.engine.history import index_history
from geo.engine.progress import CITY_ID, follow_up_table
from geo.engine.scoring import score_years
from geo.output.export import DEMO_LABEL
from geo.output.followup_report import FollowUpReport, followup_pdf, followup_xlsx, sheets
from geo.paths import DATA, demo_paths
from geo.settings import ViewSettings
from geo.targets import load_plan

COLUMNS = ["scope", "area_id", "area_name", "indicator_id", "role", "unit", "polarity", "basis", "reference_year",
           "reference_value", "latest_year", "latest_value", "change", "change_lower", "change_upper",
           "change_marker", "small_base", "trend_per_year", "trend_years"]


def _run(capsys, *args):
    code = main(["followup", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_demo_table_with_its_plan(capsys):
    code, out, err = _run(capsys)
    assert code == 0, err
    assert "syntetiska" in err
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns[:len(COLUMNS)]) == COLUMNS
    assert [c for c in table.columns[len(COLUMNS):]] == [
        "target_2030", "needed_per_year_2030", "status_2030", "target_2035", "needed_per_year_2035", "status_2035"]
    assert (table["reference_year"] == 2022).all()  # the definition's follow_up_start
    assert len(table) == 15 * 13  # 14 areas and the city × 12 index + 1 follow-up indicator
    assert set(table["status_2030"].dropna()) <= {"on_track", "off_track", "too_little_data"}
    assert set(table["change_marker"]) <= {"improved", "uncertain", "worsened", "unknown"}
    assert {"improved", "uncertain", "worsened"} <= set(table["change_marker"])
    city = table[table["area_id"] == CITY_ID]
    assert len(city) == 13 and set(city["scope"]) == {"city"}


def test_options_reference_year_until_and_trend_window(tmp_path, capsys):
    out = tmp_path / "f.csv"
    code, _, err = _run(capsys, "--reference-year", "2019", "--year", "2023", "--trend-years", "3", "--out", str(out))
    assert code == 0, err
    table = pd.read_csv(out)
    assert (table["reference_year"] == 2019).all() and (table["latest_year"] == 2023).all()
    assert table["trend_years"].max() == 3


def test_a_plan_named_on_the_command_line(tmp_path, capsys):
    plan = tmp_path / "plan.toml"
    plan.write_text('[plan]\nid = "x"\nname = "X"\n[[targets]]\nindicator = "forvarvsarbetande"\nyear = 2032\n'
                    'value = 70.0\nscope = "city"\n', encoding="utf-8")
    code, out, err = _run(capsys, "--targets", str(plan))
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert "status_2032" in table.columns and "status_2030" not in table.columns
    row = table[(table["area_id"] == CITY_ID) & (table["indicator_id"] == "forvarvsarbetande")].iloc[0]
    assert row["target_2032"] == 70.0 and row["status_2032"] in ("on_track", "off_track")


@pytest.mark.parametrize(("args", "message"), [
    (["--reference-year", "1999"], "--reference-year 1999 finns inte"),
    (["--year", "2030"], "--year 2030 finns inte"),
    (["--trend-years", "2"], "minst 3"),
    (["--targets", "finns-inte.toml"], "finns inte"),
])
def test_bad_options_exit_2_with_a_swedish_line(capsys, args, message):
    code, out, err = _run(capsys, *args)
    assert code == 2 and message in err and out == ""
    assert "Traceback" not in err


@pytest.fixture(scope="module")
def report() -> FollowUpReport:
    data = load_dataset(demo_paths())
    d = data.default_definition
    settings = ViewSettings.default(d, reference_year=2022)
    follow = follow_up_table(data.indicators, data.areas, d, reference_year=2022,
                             plan=load_plan(DATA / "targets" / "demo-omradeslyft.toml"))
    hist = index_history(score_years(data, d, settings), 2022)
    return FollowUpReport(definition=d, settings=settings, history=hist, follow=follow, synthetic=True,
                          source="demodata")


def test_the_excel_report_has_one_sheet_per_view_and_the_demo_label(report):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(followup_xlsx(report)))
    assert wb.sheetnames == ["Om rapporten", "Utveckling", "Målstatus", "Sammanfattning", "Förändring", "Måttstock",
                             "Dataår och källor"]
    for ws in wb.worksheets:
        assert ws["A1"].value == DEMO_LABEL
    about = {r[0]: r[1] for r in wb["Om rapporten"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert about["Referensår (måttstock)"] == "2022"
    names = dict(sheets(report))
    assert len(names["Utveckling"]) == 15  # 14 areas and the city
    yardstick = names["Måttstock"].set_index("indicator_id")
    assert yardstick.loc["valdeltagande", "n"] == 14


def test_the_pdf_report_says_synthetic(report):
    pdf = followup_pdf(report)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "SYNTETISKA DEMODATA" in text and "Uppföljning" in text
