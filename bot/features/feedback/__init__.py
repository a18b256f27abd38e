"""The question log and the 👍/👎 votes on answers."""
