"""The knowledge base: documents → chunks → embeddings → FAISS + BM25 → cited, extractive answers.

Nothing in this package imports discord.
"""
