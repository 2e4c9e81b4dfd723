"""Write the .docx seeds of fuzz/corpus/docx: python fuzz/make_docx_seeds.py

Each is the smallest package Word and python-docx accept (content types, one relationship,
the document part), a few hundred bytes, so the seeds fit well inside the fuzzer's -max_len
and its mutations land on the zip structure and the XML rather than on a style sheet.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "corpus" / "docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)

# name -> the body's paragraphs, as WordprocessingML
SEEDS = {
    "plain.docx": [
        "<w:r><w:t>Factory fire injures 14 workers</w:t></w:r>",
        '<w:r><w:t xml:space="preserve">The fire started at 6 a.m. on Thursday, </w:t></w:r>'
        "<w:r><w:rPr><w:b/></w:rPr><w:t>the fire service said.</w:t></w:r>",
    ],
    "breaks.docx": [
        "<w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t><w:tab/><w:t>after a tab, 3 figures"
        "</w:t></w:r>",
        "",
        "<w:r><w:t>After an empty paragraph: 250 jobs &amp; 2 plants.</w:t></w:r>",
    ],
    "deflated.docx": [
        "<w:r><w:t>Compressed part: the city spent 1.2 million euros on repairs.</w:t></w:r>",
    ],
}


def document(paragraphs: list[str]) -> str:
    body = "".join(f"<w:p>{p}</w:p>" for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, paragraphs in SEEDS.items():
        # Stored parts leave the XML in plain sight for the mutator; one seed is deflated so
        # that the inflating path is fuzzed as well.
        method = zipfile.ZIP_DEFLATED if name == "deflated.docx" else zipfile.ZIP_STORED
        with zipfile.ZipFile(FOLDER / name, "w", method) as archive:
            for part, content in (
                ("[Content_Types].xml", CONTENT_TYPES),
                ("_rels/.rels", RELATIONSHIPS),
                ("word/document.xml", document(paragraphs)),
            ):
                # A fixed date: the same seeds byte for byte on every run of this script.
                info = zipfile.ZipInfo(part, date_time=(2025, 1, 1, 0, 0, 0))
                info.compress_type = method
                archive.writestr(info, content)


if __name__ == "__main__":
    main()
