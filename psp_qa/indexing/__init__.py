"""Indexing: embedding, the index folder and its manifest, vectors, keywords, atomic builds."""
