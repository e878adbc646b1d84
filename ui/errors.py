"""Internal errors reach the browser as one short sentence with a reference to the log
line that holds the whole story, never as exception text or a traceback.

Every event handler of the app (buttons, the API endpoints) is wrapped once the app is
built: an exception that is not a ``gr.Error`` the handler chose to show is logged with a
random reference and turned into a ``gr.Error`` naming only that reference. The app
launches with Gradio's ``show_error`` off, so nothing else of an exception is sent.
"""

from __future__ import annotations

import functools
import inspect
import logging
import secrets
from html import escape

import gradio as gr

log = logging.getLogger("tca.app")
MESSAGE = "Something went wrong on the server (log reference {ref}). Nothing was changed by it; try again, or tell whoever runs this app the reference."


def internal_error(where: str, exc: BaseException) -> gr.Error:
    """Log ``exc`` under a new reference and return the error the browser may see."""
    ref = secrets.token_hex(4)
    log.error("internal error ref=%s in %s", ref, where, exc_info=exc)
    return gr.Error(MESSAGE.format(ref=ref), print_exception=False)


def user_error(message: str) -> gr.Error:
    """A message meant for the user (it may quote their input): shown as text, never HTML."""
    return gr.Error(escape(message), print_exception=False)


def guarded(fn):
    """``fn`` with its unexpected exceptions logged and replaced by ``internal_error``;
    generators stay generators (Gradio streams them), and the signature is kept (Gradio
    reads it for inputs and progress)."""
    where = getattr(fn, "__qualname__", repr(fn))
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def stream(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:  # noqa: BLE001 - every internal error takes this one way out
                raise internal_error(where, exc) from None

        wrapper = stream
    else:

        @functools.wraps(fn)
        def call(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:  # noqa: BLE001
                raise internal_error(where, exc) from None

        wrapper = call
    wrapper.tca_guarded = True
    return wrapper


def guard_events(blocks: gr.Blocks) -> gr.Blocks:
    """Wrap every Python handler of ``blocks`` (JavaScript-only events have none)."""
    for block_fn in blocks.fns.values():
        if block_fn.fn is not None and not getattr(block_fn.fn, "tca_guarded", False):
            block_fn.fn = guarded(block_fn.fn)
    return blocks
