"""A handful of exported files through LibreOffice, headless: each converts
to PDF with the pages the 22 × 28 grid predicts, and LibreOffice, saving
each as .docx again, keeps every tracked change it was given."""

import io
import math
import shutil
import subprocess
from datetime import UTC, datetime

import docx
import pytest

from drafts.demo.chain import organization_chain, safety_chain
from drafts.diffing import compare_texts, split_paragraphs
from drafts.exporting import DocumentInfo, comparison_docx, revision_docx
from tests.exporting.pages import grid_pages, pdf_pages
from tests.exporting.reader import W, document_xml, resolved

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
)
TITLE = "在全市组织工作会议上的讲话"
INFO = DocumentInfo(
    title=TITLE, author="李执笔", created_at=datetime(2026, 3, 2, tzinfo=UTC)
)
ORGANIZATION = [revision.text for revision in organization_chain()]
SAFETY = [revision.text for revision in safety_chain()]
# name: (older text, newer text); None as the older text: an official document.
FILES = {
    "organization-final": (None, ORGANIZATION[-1]),
    "safety-final": (None, SAFETY[-1]),
    "organization-1-6": (ORGANIZATION[0], ORGANIZATION[-1]),
    "organization-2-3": (ORGANIZATION[1], ORGANIZATION[2]),
}


def _exported(old, new) -> bytes:
    if old is None:
        return revision_docx(TITLE, split_paragraphs(new), INFO)
    comparison = compare_texts(old, new).to_dict()
    return comparison_docx(
        comparison, author="李执笔", date=datetime(2026, 3, 2, 9, 30), info=INFO
    )


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Return the folder holding each file, LibreOffice's PDF of it in pdf/
    and LibreOffice's own .docx of it in docx/."""
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = []
    for name, (old, new) in FILES.items():
        path = folder / f"{name}.docx"
        path.write_bytes(_exported(old, new))
        sources.append(str(path))
    # A profile of its own: runs in parallel must not share one.
    profile = (folder / "profile").as_uri()
    for target, kind in (("pdf", "pdf"), ("docx", "docx:MS Word 2007 XML")):
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless"]
            + ["--convert-to", kind, "--outdir", str(folder / target), *sources],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return folder


def expected_pages(data: bytes) -> float:
    """Return the pages a .docx should fill on the grid: every paragraph as
    shown, deleted text included, since the PDF shows every change."""
    paragraphs = ["".join(p.itertext()) for p in document_xml(data).iter(f"{{{W}}}p")]
    if docx.Document(io.BytesIO(data)).paragraphs[0].style.style_id == "Title":
        return grid_pages(paragraphs[1:], title=paragraphs[0])
    return grid_pages(paragraphs)


@pytest.mark.parametrize("name", FILES)
def test_libreoffice_lays_out_the_pages_the_grid_predicts(converted, name):
    pdf = converted / "pdf" / f"{name}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    expected = expected_pages((converted / f"{name}.docx").read_bytes())
    assert abs(pdf_pages(pdf.read_bytes()) - math.ceil(expected)) <= 1, expected


@pytest.mark.parametrize("name", FILES)
def test_libreoffice_keeps_every_change_as_a_change(converted, name):
    old, new = FILES[name]
    saved = (converted / "docx" / f"{name}.docx").read_bytes()
    if old is None:
        paragraphs = [p.text for p in docx.Document(io.BytesIO(saved)).paragraphs]
        assert paragraphs == [TITLE, *split_paragraphs(new)]
        return
    assert resolved(saved, accept=True) == split_paragraphs(new)
    assert resolved(saved, accept=False) == split_paragraphs(old)


def test_libreoffice_reads_the_move_as_a_move(converted):
    saved = (converted / "docx" / "organization-2-3.docx").read_bytes()
    root = document_xml(saved)
    assert root.findall(f".//{{{W}}}moveFromRangeStart")
    assert root.findall(f".//{{{W}}}moveTo")
