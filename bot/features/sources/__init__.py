"""/sources: the indexed documents and the build."""
