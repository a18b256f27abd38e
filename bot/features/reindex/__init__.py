"""/reindex: rebuild the index from the docs and swap it in while the bot keeps answering."""
