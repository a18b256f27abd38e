"""The real article as the index would chunk it, and a chunk of any text, for the deadline tests."""

from __future__ import annotations

from pathlib import Path

import frontmatter

from index.date_mention import DateMention
from index.dates import find_dates
from index.schema import Chunk
from index.sentences import split_sentences

ARTICLE = Path(__file__).resolve().parents[3] / "docs" / "proposal-article.md"
ARTICLE_PATH = "proposal-article.md"


def article_chunks() -> list[Chunk]:
    """One chunk per paragraph of the article, its sentences split by pysbd, as the index would hold them."""
    post = frontmatter.loads(ARTICLE.read_text(encoding="utf-8"))
    paragraphs = [p.strip() for p in post.content.split("\n\n") if p.strip()]
    return [
        Chunk(
            id=f"chunk-{number}",
            doc_path=ARTICLE_PATH,
            title=str(post.metadata["title"]),
            section=f"Paragraph {number}",
            position=number - 1,
            text=paragraph,
            sentences=tuple(split_sentences(paragraph)),
        )
        for number, paragraph in enumerate(paragraphs, start=1)
    ]


def make_chunk(text: str, *, doc_path: str = "notes.md", section: str = "Notes", chunk_id: str = "c1") -> Chunk:
    return Chunk(
        id=chunk_id,
        doc_path=doc_path,
        title="Notes",
        section=section,
        position=0,
        text=text,
        sentences=tuple(split_sentences(text)),
    )


def first_mention(sentence: str) -> tuple[str, DateMention, list[DateMention]]:
    """The sentence, its first date and the others: the arguments of `classify` and `describe_what`."""
    mentions = find_dates(sentence)
    return sentence, mentions[0], mentions[1:]
