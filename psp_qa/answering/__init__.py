"""Answering: retrieval, follow-up questions, and answers quoted from the passages found."""
