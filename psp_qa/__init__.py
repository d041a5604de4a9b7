"""psp-qa: offline, cited question answering over the Strategic PSP model report."""

__version__ = "0.1.0"
