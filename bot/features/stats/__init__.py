"""/stats: what people asked and what went unanswered, for maintainers."""
