"""Library: upload many files or fetch web addresses (progress in files, pages, chunks
and OCR pages; each failure shown plainly), the documents held, delete, replace (shown
before it happens), re-index, and
what the corpus covers."""

from __future__ import annotations

from html import escape
from pathlib import Path

import gradio as gr

from assistant.errors import USER_ERRORS
from assistant.library import delete_document, ingest_paths, list_documents
from assistant.markup import markdown_text
from ingest.fetch import FetchPolicy, is_url
from ui import views
from ui.context import FILE_TYPES, AppContext
from ui.uploads import Upload, add_uploads, reindex, replace_with_upload

WRITES = "library-writes"  # one ingest, delete, replace or re-index at a time
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def build_library_tab(ctx: AppContext, tab: gr.Tab) -> list:
    """Returns the events that change the library (the app refreshes other tabs after them).
    The coverage picture is counted when the tab is opened (cached per document version)."""
    gr.Markdown(
        f"Add past submissions, guidance, update papers and case-study reports (PDF, DOCX, TXT, MD, saved web pages, "
        f"XLSX, CSV; up to {ctx.settings.max_upload_mb} MB each). Files are copied into the library folder under their "
        f"own names (never over another file) and indexed on this machine; scanned PDF pages are read by OCR."
    )
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            files = gr.File(label="Files to add", file_count="multiple", file_types=FILE_TYPES, elem_id="library-files", height=150)
            with gr.Row():
                add = gr.Button("Add to library", variant="primary", elem_id="library-add")
                refresh = gr.Button("Refresh", variant="secondary")
            with gr.Row():
                url = gr.Textbox(label="Or a web address to fetch (a public page or PDF)", placeholder="https://…", scale=4, elem_id="library-url")
                fetch = gr.Button("Fetch and add", variant="secondary", scale=1, elem_id="library-fetch")
            gr.Markdown("*Fetching is the only time the app goes online by itself: only when you ask, through your system's proxy if it has one.*", elem_classes="tca-sub")
            result = gr.Markdown(elem_id="library-result")
        with gr.Column(scale=2):
            gr.Markdown("#### Manage")
            doc_picker = gr.Dropdown(choices=_doc_choices(ctx), value="", label="Document", elem_id="library-doc")
            with gr.Row():
                delete = gr.Button("Delete document", variant="stop", elem_id="library-delete")
                reindex_btn = gr.Button("Re-index library", variant="secondary", elem_id="library-reindex")
            replacement = gr.File(label="Replacement file", file_count="single", file_types=FILE_TYPES, elem_id="library-replacement", height=90)
            replace = gr.Button("Replace document…", variant="secondary", elem_id="library-replace")
            preview = gr.Markdown(elem_id="library-replace-preview")
            with gr.Row():
                confirm = gr.Button("Confirm replace", variant="stop", visible=False, elem_id="library-replace-confirm")
                cancel = gr.Button("Cancel", visible=False, elem_id="library-replace-cancel")
            gr.Markdown("*Re-index reads every document's file again: edited files are updated, unchanged ones skipped, missing ones reported. Replace puts a new file in a document's place (same id) after showing what goes.*", elem_classes="tca-sub")
    gr.Markdown("### Documents")
    table = gr.Dataframe(
        headers=views.DOCUMENT_HEADERS, value=_rows(ctx), interactive=False, wrap=True, elem_id="library-table",
        column_widths=["24%", "9%", "13%", "10%", "7%", "7%", "7%", "23%"],
    )
    gr.Markdown("### Coverage: institutions × pillars")
    coverage = gr.HTML('<div class="tca-empty">Counting passages…</div>', elem_id="library-coverage")

    jobs = LibraryJobs(ctx)
    listing = [table, coverage, doc_picker]
    pending = gr.State(None)  # (doc id, file) shown in the preview: what Confirm replaces
    asking = [preview, confirm, cancel, pending]
    writes = {"concurrency_limit": 1, "concurrency_id": WRITES, "api_visibility": "private"}
    events = [
        add.click(jobs.add_files, files, [result, *listing, files], show_progress_on=result, **writes),
        fetch.click(jobs.add_urls, url, [result, *listing, url], show_progress_on=result, **writes),
        delete.click(jobs.delete_one, doc_picker, [result, *listing], show_progress_on=result, **writes),
        reindex_btn.click(jobs.reindex_all, None, [result, *listing], show_progress_on=result, **writes),
        confirm.click(jobs.replace_one, pending, [result, *listing, replacement, *asking], show_progress_on=result, **writes),
    ]
    replace.click(jobs.preview_replace, [doc_picker, replacement], asking, api_visibility="private")
    for change in (cancel.click, doc_picker.change, replacement.change):
        change(_hidden_confirm, None, asking, api_visibility="private")
    refresh.click(jobs.refreshed, None, listing, api_visibility="private")
    tab.select(jobs.refreshed, None, listing, api_visibility="private", show_progress="hidden")

    def documents() -> list[dict]:
        """The documents in the library: id, institution, title, file, type, stage, date, pages, chunks."""
        return [_document_json(r) for r in list_documents(ctx.store)]

    gr.api(documents, api_name="documents")
    return events


def _hidden_confirm():
    return "", gr.update(visible=False), gr.update(visible=False), None


class LibraryJobs:
    """The tab's handlers: each calls the library job and returns what the tab shows."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    def refreshed(self):
        ctx = self.ctx
        return _rows(ctx), _coverage(ctx), gr.update(choices=_doc_choices(ctx), value="")

    def add_files(self, uploaded, progress=gr.Progress()):  # noqa: B008 - how Gradio injects progress
        ctx = self.ctx
        if not uploaded:
            return "Choose one or more files first.", *self.refreshed(), gr.skip()
        settings = ctx.settings
        try:
            report = _ingest_with_progress(
                lambda hook: add_uploads(
                    ctx.ready_store, [Upload.of(f) for f in uploaded], settings.data_dir, max_bytes=settings.max_upload_bytes,
                    time_limit_s=settings.parse_time_limit, on_progress=hook, ocr=settings.ocr,
                ),
                len(uploaded), progress,
            )
        except USER_ERRORS as exc:
            return f"**The library could not be updated:** {markdown_text(exc)}", *self.refreshed(), gr.skip()
        finally:
            ctx.library_changed()
        return views.ingest_report_markdown(report), *self.refreshed(), None

    def add_urls(self, text, progress=gr.Progress()):  # noqa: B008
        """Fetch each address given (one or more, separated by spaces or lines) and add it."""
        ctx = self.ctx
        urls = (text or "").split()
        if not urls:
            return "Type a web address first (https://…).", *self.refreshed(), gr.skip()
        if not all(is_url(url) for url in urls):  # never a path on the server
            return "**Not a web address:** give addresses starting with http:// or https://.", *self.refreshed(), gr.skip()
        settings = ctx.settings
        # serving other people (not bound to loopback): only public addresses
        policy = FetchPolicy(offline=settings.offline, public_only=settings.host not in LOOPBACK_HOSTS)
        try:
            report = _ingest_with_progress(
                lambda hook: ingest_paths(
                    ctx.ready_store, urls, hook, time_limit_s=settings.parse_time_limit, ocr=settings.ocr, fetch=policy
                ),
                len(urls), progress,
            )
        except USER_ERRORS as exc:
            return f"**The library could not be updated:** {markdown_text(exc)}", *self.refreshed(), gr.skip()
        finally:
            ctx.library_changed()
        return views.ingest_report_markdown(report), *self.refreshed(), "" if report.ok else gr.skip()

    def delete_one(self, doc_id):
        if not doc_id:
            return "Pick a document to delete.", *self.refreshed()
        try:
            deleted = delete_document(self.ctx.ready_store, doc_id)
        except USER_ERRORS as exc:
            return f"**Could not delete:** {markdown_text(exc)}", *self.refreshed()
        self.ctx.library_changed()
        message = f"Deleted `{escape(doc_id)}` and its passages." if deleted else f"No document `{escape(doc_id)}`."
        return message, *self.refreshed()

    def preview_replace(self, doc_id, path):
        """What Confirm would do, before it is done."""
        document = self.ctx.store.document(doc_id) if doc_id else None
        if document is None or not path:
            return "Pick a document and a replacement file first.", gr.update(visible=False), gr.update(visible=False), None
        new_name = Path(path).name
        text = (
            f"**Replace `{escape(document.doc_id)}` with {markdown_text(new_name)}?** Its {document.chunks} passages, "
            f"{document.actions} actions and case studies (from {markdown_text(document.file)}, "
            f"{markdown_text(document.institution or 'institution not named')}) are removed, and what "
            f"{markdown_text(new_name)} holds is stored under the same id."
        )
        return text, gr.update(visible=True), gr.update(visible=True), (document.doc_id, path)

    def replace_one(self, pending, progress=gr.Progress()):  # noqa: B008
        ctx, settings = self.ctx, self.ctx.settings
        if not pending:
            return "Press Replace first: nothing was replaced.", *self.refreshed(), gr.skip(), *_hidden_confirm()
        doc_id, path = pending
        progress((0, 1), desc=f"Replacing {doc_id}…", unit="files")
        try:
            report = replace_with_upload(
                ctx.ready_store, doc_id, Upload.of(path), settings.data_dir,
                max_bytes=settings.max_upload_bytes, time_limit_s=settings.parse_time_limit, ocr=settings.ocr,
            )
        except USER_ERRORS as exc:
            return f"**Could not replace:** {markdown_text(exc)}", *self.refreshed(), gr.skip(), *_hidden_confirm()
        finally:
            ctx.library_changed()
        return views.ingest_report_markdown(report), *self.refreshed(), None, *_hidden_confirm()

    def reindex_all(self, progress=gr.Progress()):  # noqa: B008
        ctx = self.ctx
        try:
            report = _ingest_with_progress(
                lambda hook: reindex(ctx.ready_store, hook, ctx.settings.parse_time_limit, ctx.settings.ocr),
                len(ctx.store.documents()), progress,
            )
        except USER_ERRORS as exc:
            return f"**Re-index failed:** {markdown_text(exc)}", *self.refreshed()
        finally:
            ctx.library_changed()
        return "Re-indexed. " + views.ingest_report_markdown(report), *self.refreshed()


def _ingest_with_progress(run, total: int, progress: gr.Progress):
    tally = views.IngestTally()
    progress((0, max(total, 1)), desc="Reading files…", unit="files")

    def hook(step):
        progress((step.done, step.total), desc=tally.add(step), unit="files")

    return run(hook)


def _rows(ctx: AppContext) -> list[list]:
    return views.document_rows(list_documents(ctx.store), ctx.template)


def _coverage(ctx: AppContext) -> str:
    return views.coverage_html(views.read_coverage(ctx.store, ctx.template), ctx.template)


def _doc_choices(ctx: AppContext) -> list[tuple[str, str]]:
    return [("Choose a document…", "")] + views.document_choices(list_documents(ctx.store))


def _document_json(row) -> dict:
    return {
        "id": row.doc_id, "institution": row.institution, "title": row.title, "file": row.file,
        "doc_type": row.doc_type, "stage": row.stage, "date": row.date, "pages": row.pages, "chunks": row.chunks,
    }
