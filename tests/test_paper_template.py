"""The organisation's own Word template: uploaded by its plan administrator in the admin, stored in
the database, checked before use; the paper takes its styles and first-page header, not its text."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.shared import RGBColor
from PIL import Image

from reports.models import PaperTemplate
from reports.paper_templates import check_template

from .paper_helpers import headings, open_paper, paper_bytes

pytestmark = pytest.mark.django_db


def logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "#005EB8").save(out, format="PNG")
    return out.getvalue()


def make_template(*, heading_colour="7030A0", body="Template body text, not for the paper") -> bytes:
    document = Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header.paragraphs[0]
    header.text = "TRUST LETTERHEAD"
    header.add_run().add_picture(io.BytesIO(logo()))
    document.styles["Heading 1"].font.color.rgb = RGBColor.from_string(heading_colour)
    document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, *, drop=(), add=None, replace=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name in drop:
                continue
            content = source.read(name)
            if replace and name in replace:
                content = replace[name](content)
            target.writestr(name, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def test_the_plan_admin_uploads_the_template_in_the_admin_and_the_paper_uses_it(client, plan_admin, trust, make_report):
    client.force_login(plan_admin)
    upload = SimpleUploadedFile("trust-template.docx", make_template())
    response = client.post("/admin/reports/papertemplate/add/", {"organisation": trust.pk, "upload": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = PaperTemplate.objects.get(organisation=trust)
    assert stored.filename == "trust-template.docx" and stored.uploaded_by == plan_admin
    document = open_paper(paper_bytes(make_report(issue=True)))
    first = document.sections[0]
    assert first.different_first_page_header_footer
    assert first.first_page_header.paragraphs[0].text == "TRUST LETTERHEAD"
    assert len(first.first_page_header.part.rels) >= 1  # the logo came along
    assert document.styles["Heading 1"].font.color.rgb == RGBColor.from_string("7030A0")
    assert "Template body text" not in "\n".join(p.text for p in document.paragraphs)
    assert headings(document, 1)[0] == "1 Summary of progress"
    assert first.footer.tables[0].rows[0].cells[0].text.startswith("Cambridgeshire Community Services NHS Trust")


def test_without_a_template_the_paper_has_the_clean_default(make_report):
    document = open_paper(paper_bytes(make_report(issue=True)))
    first = document.sections[0]
    assert first.page_width.cm == pytest.approx(21, abs=0.01) and first.page_height.cm == pytest.approx(29.7, abs=0.01)
    assert first.first_page_header.paragraphs[0].text == "Cambridgeshire Community Services NHS Trust"
    assert document.styles["Normal"].font.name == "Arial"


def test_a_template_without_heading_styles_still_gives_navigable_headings(trust, make_report):
    def drop_headings(styles: bytes) -> bytes:
        text = styles.decode()
        for level in (1, 2, 3):
            start = text.index(f'w:styleId="Heading{level}"')
            start = text.rindex("<w:style ", 0, start)
            text = text[:start] + text[text.index("</w:style>", start) + len("</w:style>") :]
        return text.encode()

    template = rezip(make_template(), replace={"word/styles.xml": drop_headings})
    check_template(template)
    PaperTemplate.objects.create(organisation=trust, filename="bare.docx", content=template)
    document = open_paper(paper_bytes(make_report(issue=True)))
    assert headings(document, 1)[0] == "1 Summary of progress"
    outline = document.styles["Heading 1"].element.pPr.xpath("./w:outlineLvl/@w:val")
    assert outline == ["0"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"plain text, not a zip", "This is not a Word file"),
        (rezip(make_template(), drop=("word/document.xml",)), "it has no document inside"),
        (rezip(make_template(), add={"word/vbaProject.bin": b"macro"}), "contains macros"),
        (
            rezip(
                make_template(),
                replace={
                    "word/_rels/document.xml.rels": lambda xml: xml.replace(
                        b"</Relationships>",
                        b'<Relationship Id="rIdX" TargetMode="External" Target="http://example.com/x.png" '
                        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
                        b"</Relationships>",
                    )
                },
            ),
            "links to outside files (image)",
        ),
        (rezip(make_template(), replace={"word/document.xml": lambda xml: b"<broken"}), "cannot be used"),
    ],
)
def test_a_bad_template_is_refused_with_a_plain_reason(content, message):
    with pytest.raises(ValidationError) as error:
        check_template(content)
    assert message in error.value.messages[0]


def test_the_admin_refuses_a_bad_upload_and_keeps_the_old_template(client, plan_admin, trust):
    PaperTemplate.objects.create(organisation=trust, filename="good.docx", content=make_template())
    client.force_login(plan_admin)
    template = PaperTemplate.objects.get(organisation=trust)
    upload = SimpleUploadedFile("macro.docm", b"not a docx")
    response = client.post(
        f"/admin/reports/papertemplate/{template.pk}/change/", {"organisation": trust.pk, "upload": upload}
    )
    assert response.status_code == 200 and "Upload a Word document ending in .docx." in response.content.decode()
    assert PaperTemplate.objects.get(organisation=trust).filename == "good.docx"
