"""Text from documents, notes and models made inert for the renderers that show it.

HTML-escaping keeps markup from becoming elements. Where the text is rendered as Markdown
(chat messages, the summary, the library's report), brackets are escaped as well, so no
image (``![x](http://...)``), link or reference definition is ever formed from it: a PDF
that reads "![](http://host/pixel)" or a model told to emit one shows those characters,
and the browser fetches nothing. Bare URLs may still be shown as links by the renderer;
Gradio opens those only on a click, in a new tab, with rel="noopener noreferrer".
"""

from __future__ import annotations

import re
from html import escape

_MARKDOWN_SPECIAL = re.compile(r"([\\\[\]])")


def markdown_text(text: object) -> str:
    """``text`` as literal characters inside Markdown (and inside HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape("" if text is None else str(text), quote=False))
