"""The web server: HTTP API, chat page, HTML rendering, transcripts, uploads."""
