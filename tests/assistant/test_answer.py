"""A source says where its passage is in one line, the same in the CLI and the app."""

from assistant.answer import Related, Source


def _source(**extra) -> Source:
    fields = dict(n=1, chunk_id="c1", doc_id="d1", institution="Kestrel Bay University", document="Stage two plan",
                  file="plan.pdf", page=3, page_end=3, section="Recognition", passage="Text.")
    return Source(**{**fields, **extra})


def test_a_page_range_reads_as_pages():
    assert (_source().pages, _source(page_end=4).pages) == ("p. 3", "pp. 3–4")


def test_where_joins_institution_document_pages_and_section():
    assert _source().where == "Kestrel Bay University · Stage two plan · p. 3 · Recognition"


def test_a_web_page_without_a_section_leaves_no_empty_part():
    page = _source(page=None, page_end=None, section="", url="https://example.test/news")
    assert page.where == "Kestrel Bay University · Stage two plan · https://example.test/news"


def test_a_document_of_no_one_institution_starts_with_its_title():
    assert _source(institution=None, section="").where == "Stage two plan · p. 3"


def test_a_related_statement_says_which_document_and_pages_to_read():
    assert Related("Kestrel Bay University", "A quote.", _source(page_end=4)).found_in == "Stage two plan, pp. 3–4"
    assert Related("Kestrel Bay University", "A quote.", _source(page=None)).found_in == "Stage two plan"
