"""claimx's exceptions: one base class, caught only at the CLI boundary."""


class ClaimxError(Exception):
    """Something the user can act on; the CLI prints its message as one line."""


class ModelNotFoundError(ClaimxError):
    """No usable spaCy pipeline."""


class InputError(ClaimxError):
    """An input that cannot be read as a document; the run goes on with the others."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
