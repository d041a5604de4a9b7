"""User-facing errors. Each says what went wrong and, where it can, what to do next.

Only the CLI turns these into one-line messages and exit codes.
"""


class PspQaError(Exception):
    """Base class for every error a user can act on."""


class ConfigError(PspQaError):
    """A setting has an invalid value."""


class QuestionError(PspQaError):
    """A question cannot be answered as given (empty, too long...)."""


class IngestError(PspQaError):
    """A corpus file could not be read; the message names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # crosses process boundaries (PDFs are read in a worker process)
        return IngestError, (self.path, self.reason)


class EmptyCorpusError(PspQaError):
    """The corpus folder holds nothing that can be indexed."""


class IndexNotFoundError(PspQaError):
    """No index has been built yet."""


class StaleIndexError(PspQaError):
    """The index was built from other files, another model or other settings."""


class IndexFormatError(PspQaError):
    """The index on disk is damaged or was written by an incompatible version."""


class IndexVersionError(IndexFormatError):
    """The index on disk is intact but was written by a psp-qa that stores another format."""


class ModelUnavailableError(PspQaError):
    """The embedding model cannot be loaded from disk."""
