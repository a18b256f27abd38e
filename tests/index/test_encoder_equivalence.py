"""The ONNX and PyTorch encoders are interchangeable: same document vectors, same answers and citations."""

from pathlib import Path

import numpy as np

from index.chunking import chunk_document
from index.eval_set import load_questions
from index.knowledge_base import KnowledgeBase
from index.loaders import load_documents
from tests.conftest import DISTRACTORS_DIR, DOCS_DIR

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "eval" / "questions.jsonl"


def answer_record(answer) -> dict:
    return {"answer": answer.text, "abstained": answer.abstained, "citations": [c.to_json() for c in answer.citations]}


def test_both_encoders_give_the_same_answers_and_citations_on_the_evaluation_set(index_dir, kb, torch_embedder, now):
    torch_kb = KnowledgeBase.load(index_dir, torch_embedder)
    questions = [q.question for q in load_questions(QUESTIONS)]
    differing = [
        question
        for question in questions
        if answer_record(kb.ask(question, now=now)) != answer_record(torch_kb.ask(question, now=now))
    ]
    assert len(questions) >= 100 and differing == []


def test_document_vectors_from_either_encoder_are_interchangeable(embedder, torch_embedder):
    documents = [*load_documents(DOCS_DIR).documents, *load_documents(DISTRACTORS_DIR).documents]
    sentences = [s for document in documents for chunk in chunk_document(document) for s in chunk.sentences]
    cosines = (embedder.encode(sentences) * torch_embedder.encode(sentences)).sum(axis=1)
    assert len(sentences) > 50 and float(np.min(cosines)) >= 0.9999


def test_the_manifest_records_the_encoder_that_embedded_the_documents(kb, embedder):
    assert kb.manifest.encoder["runtime"] == "onnx"
    assert kb.manifest.encoder["onnx_sha256"] == embedder.info.files["model.onnx"]
