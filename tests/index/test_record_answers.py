"""Answers read from records on the real index: the next deadline, and the author from front matter."""


def test_author_comes_from_front_matter(kb, now):
    answer = kb.ask("Who wrote the article?", now=now)
    assert "Akash Osta" in answer.text
    assert answer.citations[0].section == "About this document"


def test_next_deadline_uses_the_extracted_records(kb, now):
    answer = kb.ask("What's the next deadline?", now=now)
    assert "letter of intent" in answer.text and "December 31" in answer.text
    assert answer.citations[0].quote in next(c.text for c in kb.chunks if c.id == answer.citations[0].chunk_id)


def test_a_question_about_a_work_that_no_document_is_gets_no_front_matter_answer(kb, now):
    answer = kb.ask("Who wrote the novel The Three-Body Problem?", now=now)
    assert "Akash Osta" not in answer.text


def test_the_article_may_be_designated_by_what_it_is_about(kb, now):
    answer = kb.ask("Who wrote the article on the ILRS?", now=now)
    assert "Akash Osta" in answer.text
