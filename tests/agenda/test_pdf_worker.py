"""The agenda PDF is rendered by a worker, in parts, under memory and time limits; the page
shows its progress and then offers the file."""

from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import translation
from pypdf import PdfReader

from memberstates.models import MemberState, Treaty
from resolutions.exports import pdf as pdf_module
from resolutions.exports.limits import RenderLimitExceeded, render_pdf
from resolutions.exports.pdf import FLATTEN_MIN_ROWS, flatten_tables, pdf_parts
from resolutions.models import ExportJob, Paragraph, Response, Session
from resolutions.selectors.agenda import agenda_annex
from resolutions.services.agenda import add_default_standing_items, draft_agenda
from resolutions.services.exports import request_agenda_pdf, run_export_job
from resolutions.tasks import render_export_task

from ..factories import ParagraphFactory, ResolutionFactory
from .conftest import IN_CYCLE

pytestmark = pytest.mark.django_db


def _url(number, name="", job=None):
    base = f"/sessions/{number}/agenda/pdf/"
    if job is not None:
        base += f"{job.pk}/"
    return base + name


def test_requesting_the_pdf_renders_it_and_the_page_offers_it(
    client_for, observer, agenda53, prepared_day
):
    cache.clear()
    client = client_for(observer)
    response = client.post(_url(53))
    assert response.status_code == 302 and response["Location"].endswith("#pdf")
    job = ExportJob.objects.get(session=agenda53)
    assert job.status == ExportJob.Status.READY and job.finished_at
    assert job.requested_by == observer

    page = client.get(f"/sessions/{agenda53.number}/agenda/").content.decode()
    assert _url(53, job=job) in page
    assert "hx-get" not in page  # nothing runs: no polling

    download = client.get(_url(53, job=job))
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        'attachment; filename="aalco-53-provisional-agenda.pdf"'
    )
    reader = PdfReader(io.BytesIO(download.content))
    total = len(reader.pages)
    assert total >= 3
    # The running header and the page numbers of the whole document, stamped on every page
    # but the title page.
    assert "1 / " not in reader.pages[0].extract_text()
    last = reader.pages[-1].extract_text()
    assert f"{total} / {total}" in last
    assert "53rd Annual Session" in last
    assert "Legal Protection of Migrant Workers" in "".join(p.extract_text() for p in reader.pages)


def test_a_running_job_shows_its_progress_and_polls(client_for, officer, agenda53, prepared_day):
    job = ExportJob.objects.create(
        session=agenda53, fmt="pdf", status=ExportJob.Status.RUNNING, done=3, total=12
    )
    client = client_for(officer)
    page = client.get(f"/sessions/{agenda53.number}/agenda/").content.decode()
    # The job of the page's language is polled: the language travels with the poll.
    assert 'hx-get="/sessions/53/agenda/pdf/status/?language=en"' in page
    assert 'hx-trigger="every 2s"' in page
    assert '<progress class="progress" max="100" value="25"' in page
    assert "part 3 of 12" in page
    assert "style=" not in page.split('id="pdf-status"')[1].split("</div>")[0]

    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.READY, done=12)
    fragment = client.get(_url(53, "status/")).content.decode()
    assert "hx-trigger" not in fragment  # finished: polling stops
    assert fragment.lstrip().startswith('<div id="pdf-status"')


def test_a_second_request_joins_the_job_under_way(officer, agenda53, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch.object(render_export_task, "delay"):
        first = request_agenda_pdf(session=agenda53, requested_by=officer)
        second = request_agenda_pdf(session=agenda53, requested_by=officer)
    assert first.pk == second.pk
    assert ExportJob.objects.count() == 1


def test_a_job_is_rendered_once_even_if_delivered_twice(agenda53, prepared_day, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch.object(render_export_task, "delay") as delay:
        job = request_agenda_pdf(session=agenda53)
    assert render_export_task(job_id=str(job.pk))["status"] == "ready"
    assert render_export_task(job_id=str(job.pk))["status"] == "already taken"
    assert delay.call_count <= 1


def test_the_export_link_hands_the_pdf_to_a_worker_when_there_is_a_broker(
    client_for, officer, agenda53, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with (
        mock.patch.object(render_export_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for(officer).get(f"/sessions/{agenda53.number}/agenda/export/pdf/")
    assert response.status_code == 302 and response["Location"].endswith("#pdf")
    job = ExportJob.objects.get()
    delay.assert_called_once_with(job_id=str(job.pk))
    assert job.status == ExportJob.Status.PENDING


def test_a_render_past_its_time_limit_fails_cleanly(agenda53, prepared_day, settings):
    cache.clear()
    settings.EXPORT_TIME_LIMIT_SECONDS = 0
    job = request_agenda_pdf(session=agenda53)
    assert job.status == ExportJob.Status.FAILED
    assert "took longer than 0 seconds" in job.error
    assert not job.file


def test_a_render_past_its_memory_limit_fails_cleanly(agenda53, prepared_day, settings):
    # 128 MiB of address space is less than WeasyPrint needs to start: the child dies of
    # MemoryError, the parent (this process) carries on.
    settings.EXPORT_MEMORY_LIMIT_MB = 128
    annex = agenda_annex(session=agenda53)
    with pytest.raises(RenderLimitExceeded, match="more than 128 MiB"):
        render_pdf(pdf_parts(annex), header_html="")


def test_focal_points_cannot_reach_the_pdf(client_for, focal_a, agenda53, prepared_day):
    job = run_export_job(job_id=ExportJob.objects.create(session=agenda53, fmt="pdf").pk)
    client = client_for(focal_a)
    assert client.get(_url(53, job=job)).status_code in (302, 403, 404)
    assert client.post(_url(53)).status_code in (302, 403, 404)
    assert ExportJob.objects.count() == 1


def test_a_job_of_another_session_is_not_found(client_for, officer, agenda53, prepared_day):
    job = run_export_job(job_id=ExportJob.objects.create(session=agenda53, fmt="pdf").pk)
    assert client_for(officer).get(_url(54, job=job)).status_code == 404


LONG_REPORT = (
    "Under consideration. The Ministry of Labour adopted a national policy on the protection "
    "of migrant workers and their families, and a bill on accession is before the parliament."
)


def _annex_table(rows: int, *, long_at: int | None = None) -> str:
    body = "".join(
        f"<tr><th scope='row'>State {n}</th><td>S{n:02}</td>"
        f"<td><strong class='tag'>{LONG_REPORT if n == long_at else 'Not reported'}</strong></td>"
        "<td>Party (Ratification, 1 May)</td></tr>"
        for n in range(rows)
    )
    return (
        '<table class="table annex-table"><caption>Where each state stands</caption>'
        "<thead><tr><th>Member state</th><th>ISO3</th><th>Paragraph 1</th><th>ICMW</th></tr>"
        f"</thead><tbody>{body}</tbody></table>"
    )


def _cells(row_html: str) -> list[str]:
    return [c.strip("\xa0") for c in re.split(r"\t+", row_html)]


def test_long_tables_are_laid_out_one_cell_per_row_with_the_same_text():
    table = _annex_table(FLATTEN_MIN_ROWS, long_at=7)
    grid = flatten_tables(f"<p>before</p>{table}<p>after</p>")
    assert grid.startswith("<p>before</p>") and grid.endswith("<p>after</p>")
    assert grid.count('<table class="grid-table">') == 1
    assert "<caption>Where each state stands</caption>" in grid
    head = re.search(r'<thead><tr><th><p class="grid-table__line">([^<]*)</p>', grid).group(1)
    assert _cells(head) == ["Member state", "ISO3", "Paragraph 1", "ICMW"]
    # A row whose cells fit their columns: one line of text on tab stops.
    lines = re.findall(r'<p class="grid-table__line">([^<]*)</p>', grid.split("<tbody>")[1])
    assert len(lines) == FLATTEN_MIN_ROWS - 1
    assert _cells(lines[3]) == ["State 3", "S03", "Not reported", "Party (Ratification, 1 May)"]
    # The row with a report in its words: cells of its own on the same columns, same text.
    wide = re.findall(r'<table class="grid-table__cells">(.*?)</table>', grid)
    assert len(wide) == 1
    assert re.findall(r"<td[^>]*>([^<]*)</td>", wide[0]) == [
        "State 7",
        "S07",
        LONG_REPORT,
        "Party (Ratification, 1 May)",
    ]


def test_tables_stay_tables_when_short_right_to_left_or_without_the_fonts_widths():
    short = _annex_table(FLATTEN_MIN_ROWS - 1)
    assert flatten_tables(short) == short
    rtl = f'<html lang="ar" dir="rtl"><body>{_annex_table(FLATTEN_MIN_ROWS)}</body></html>'
    assert flatten_tables(rtl) == rtl  # tab stops run left to right
    pdf_module._advances.cache_clear()
    try:
        with mock.patch.object(pdf_module, "_advances", return_value=None):
            table = _annex_table(FLATTEN_MIN_ROWS)
            assert flatten_tables(table) == table
    finally:
        pdf_module._advances.cache_clear()


def test_parts_cover_every_item_once(agenda53, prepared_day):
    annex = agenda_annex(session=agenda53)
    parts = pdf_parts(annex)
    text = "".join(parts)
    for entry in annex.carried:
        assert len(re.findall(rf'id="annex-item-{entry.number}"', text)) == 1
    assert parts[0].count("Provisional agenda") >= 1
    assert all("@bottom-center" not in p for p in parts)  # numbers are stamped afterwards


def _squash(text: str) -> str:
    # pypdf splits kerned pairs ("T ehran"): compare without any whitespace.
    return "".join(text.split())


def test_the_pdf_of_a_larger_annex_holds_every_item_every_state_and_every_report(
    agenda53, seed_resolution, prepared_day
):
    # Five carried items, each with a table of every member state (laid out on the grid),
    # reports in their words (some too long for a line), and the page numbers of the whole.
    icmw = Treaty.objects.get(short_name="ICMW")
    for n in range(6, 10):
        resolution = ResolutionFactory(
            session=Session.objects.get(number=52),
            symbol=f"AALCO/RES/52/S {n}",
            title=f"Work programme item {n}",
        )
        ParagraphFactory(resolution=resolution, number=1)
        ParagraphFactory(resolution=resolution, number=2, addressees="non_parties", treaties=[icmw])
        ParagraphFactory(
            resolution=resolution,
            number=3,
            requests_report=False,
            addressees="none",
            carries_to_session=53,
        )
    states = list(MemberState.objects.active().order_by("name"))
    assert len(states) >= FLATTEN_MIN_ROWS
    reports = {}
    for k, state in enumerate(states[:12]):
        words = f"Report {k} of {state.iso3}." + (" " + LONG_REPORT if k % 3 == 0 else "")
        reports[state.iso3] = words
        Response.objects.create(
            member_state=state,
            paragraph=Paragraph.objects.get(resolution__symbol="AALCO/RES/52/S 7", number=1),
            cycle=Session.objects.get(number=52),
            status="submitted",
            narrative=words,
            submitted_at=IN_CYCLE,
        )
    add_default_standing_items(session=agenda53)
    draft_agenda(session=agenda53)
    cache.clear()
    annex = agenda_annex(session=agenda53)
    assert len(annex.carried) == 5
    html = "".join(pdf_parts(agenda_annex(session=agenda53)))
    # The tables are on the grid: lines, and cells for the rows with long reports.
    assert html.count('class="grid-table"') >= 5 and "grid-table__cells" in html
    pdf, report = pdf_module.render_agenda_pdf(annex)
    assert report.parts == 5

    reader = PdfReader(io.BytesIO(pdf))
    pages = [_squash(page.extract_text()) for page in reader.pages]
    text = "".join(pages)
    for entry in annex.carried:
        assert text.count(_squash(entry.heading)) >= 1, entry.heading
    for state in states:
        # Once in every item's table: the name on its line (or in its cell), with its ISO3.
        assert text.count(_squash(state.name) + state.iso3) >= len(annex.carried), state.name
    for words in reports.values():
        assert _squash(words) in text
    total = len(reader.pages)
    assert f"{total}/{total}" in pages[-1] and "2/" in pages[1] and "1/" not in pages[0]


def test_the_arabic_pdf_is_in_arabic_with_its_header_and_page_numbers(agenda53, prepared_day):
    cache.clear()
    with translation.override("ar"):
        pdf, _report = pdf_module.render_agenda_pdf(agenda_annex(session=agenda53))
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    # "Provisional agenda" (pypdf reads some shaped Arabic letters back as others).
    assert "جدول" in first and "الرسمي" in first
    assert f"{total} / {total}" in last and "1 / " not in first
    fonts = {
        str(font.get_object().get("/BaseFont"))
        for page in reader.pages
        for font in page["/Resources"].get_object().get("/Font", {}).get_object().values()
    }
    assert any("Naskh" in f for f in fonts)  # the Arabic face shipped with the app


def test_a_table_of_many_long_columns_stays_a_table():
    # Four columns of reports in their words leave no line to share: no grid.
    cells = "".join(f"<td>{LONG_REPORT}</td>" for _ in range(4))
    body = "".join(f"<tr><th>State {n}</th>{cells}</tr>" for n in range(FLATTEN_MIN_ROWS))
    head = "".join(f"<th>Paragraph {k}</th>" for k in range(4))
    table = (
        f'<table class="table annex-table"><thead><tr><th>Member state</th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )
    assert flatten_tables(table) == table
