"""Structure of a cleaned document: metadata, sections and case studies.

``detect_meta`` says what the document is, ``split_sections`` cuts it into the
sections chunks never cross, and ``find_case_studies`` lists a report's case studies.
"""

from ingest.structure.case_studies import find_case_studies
from ingest.structure.meta import detect_meta, detect_stage
from ingest.structure.sections import split_sections

__all__ = ["detect_meta", "detect_stage", "find_case_studies", "split_sections"]
