"""The hybrid retriever in a user's own LangChain chain: LCEL with a prompt and a chat
model (LangChain's fakes: one echoes its prompt back, one replies from a list)."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, ParrotFakeChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnablePassthrough

from assistant.ask import as_langchain_retriever
from assistant.ask.filters import FilterError
from assistant.ask.retrieval import HybridRetriever
from assistant.library import ingest_paths
from tests.support.environment import REPO
from vectorstore.store import CorpusStore, StoreLocation

PROMPT = ChatPromptTemplate.from_messages(
    [("system", "Answer from these passages only:\n{context}"), ("human", "{question}")]
)
QUESTION = "How do institutions recognise technicians?"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from vectorstore.embedder import make_embedder

    store = CorpusStore(StoreLocation(tmp_path_factory.mktemp("lc-store")), make_embedder("hashing"))
    assert ingest_paths(store, [REPO / "demo_corpus"]).ok
    yield store
    store.close()


def cited(documents) -> str:
    return "\n\n".join(f"[{d.metadata['institution']}, p. {d.metadata['page']}] {d.page_content}" for d in documents)


def chain(retriever, model):
    return {"context": retriever | cited, "question": RunnablePassthrough()} | PROMPT | model | StrOutputParser()


def test_the_retriever_is_a_langchain_retriever_returning_the_hybrid_hits(store):
    retriever = as_langchain_retriever(store, k=5)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke(QUESTION)
    hits = HybridRetriever(store).retrieve(QUESTION, k=5).hits
    assert [d.metadata["chunk_id"] for d in documents] == [h.chunk.chunk_id for h in hits]
    assert [d.page_content for d in documents] == [h.chunk.text for h in hits]
    assert all(d.metadata["document"] and d.metadata["file"] and d.metadata["page"] for d in documents)


def test_passages_reach_the_model_through_an_lcel_chain(store):
    retriever = as_langchain_retriever(store, k=3)
    prompt_seen = chain(retriever, ParrotFakeChatModel()).invoke(QUESTION)
    # the parrot echoes the last message; the system message is checked through the prompt
    assert prompt_seen == QUESTION
    messages = ({"context": retriever | cited, "question": RunnablePassthrough()} | PROMPT).invoke(QUESTION).to_messages()
    for document in retriever.invoke(QUESTION):
        assert document.page_content in messages[0].content
    assert chain(retriever, FakeListChatModel(responses=["They run awards [1]."])).invoke(QUESTION) == "They run awards [1]."


def test_filters_apply_and_are_checked(store):
    northmoor = as_langchain_retriever(store, institution="University of Northmoor").invoke("careers for technicians")
    assert northmoor and {d.metadata["institution"] for d in northmoor} == {"University of Northmoor"}
    with pytest.raises(FilterError):
        as_langchain_retriever(store, pillar="careers")
