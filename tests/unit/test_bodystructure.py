"""BODYSTRUCTURE → body parts: section numbers and attachment names as the server sends them."""

from mailbot.adapters.bodystructure import parts_from_bodystructure


def leaf(ctype, subtype, params, encoding, size, disposition=None):
    """A non-text leaf the way imapclient hands it over (disposition at index 8)."""
    return (ctype, subtype, params, None, None, encoding, size, None, disposition, None, None)


def test_multipart_sections_and_quoted_filename():
    """Children are numbered 1, 2…; a filename with quotes and a backslash is unescaped."""
    text = (b"text", b"plain", (b"charset", b"utf-8"), None, None, b"7bit", 12, 1)
    pdf = leaf(
        b"application",
        b"pdf",
        (b"name", b"x.pdf"),
        b"base64",
        900,
        (b"attachment", (b"filename", b'Pr\xc3\xa4sentation "Q1" C:\\x.pdf')),
    )
    parts, defects = parts_from_bodystructure((text, pdf, b"mixed"))
    assert defects == []
    assert [(p.section, p.content_type) for p in parts] == [
        ("1", "text/plain"),
        ("2", "application/pdf"),
    ]
    assert parts[1].filename == 'Präsentation "Q1" C:\\x.pdf'


def test_rfc2231_continuations_are_joined_and_decoded():
    """filename*0*/filename*1* percent-encoded segments become one decoded name."""
    pdf = leaf(
        b"application",
        b"octet-stream",
        None,
        b"base64",
        10,
        (
            b"attachment",
            (b"filename*0*", b"UTF-8''%E7%B4%AB%E5%A4%96", b"filename*1*", b"%E7%BA%BF.xlsx"),
        ),
    )
    parts, _ = parts_from_bodystructure(pdf)
    assert (parts[0].section, parts[0].filename) == ("1", "紫外线.xlsx")


def test_unreadable_structure_is_a_defect_not_an_error():
    """A structure of the wrong shape yields a defect."""
    parts, defects = parts_from_bodystructure((b"text",))
    assert parts == [] and defects and "BODYSTRUCTURE" in defects[0]
