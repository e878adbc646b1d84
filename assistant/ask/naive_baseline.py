"""The plain LangChain recipe, as a baseline for the evaluation: raw text split by
RecursiveCharacterTextSplitter (1000/200) into a Chroma collection, similarity search k=10.
No structure, no cleaning, no institution tags beyond the document's own."""

from __future__ import annotations

from pathlib import Path

from assistant.ask.eval_set import K, Retrieval, RetrievedChunk, System
from ingest.loaders import load_document
from ingest.models import IngestError
from vectorstore.dense import make_chroma_client
from vectorstore.embedder import Embedder
from vectorstore.store import CorpusStore

COLLECTION = "langchain-naive"


class EmbedderAdapter:
    """Our embedder behind LangChain's Embeddings interface."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed([text])[0].tolist()


def build_naive_index(store: CorpusStore, folder: Path):
    """Index every stored document's raw text the naive way (reused across runs)."""
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    adapter = type("Adapter", (EmbedderAdapter, Embeddings), {})(store.embedder)
    client = make_chroma_client(folder)
    vectorstore = Chroma(collection_name=COLLECTION, embedding_function=adapter, client=client)
    indexed = {m.get("sha256") for m in vectorstore.get(include=["metadatas"])["metadatas"]}
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    for document in store.documents():
        if document.sha256 in indexed:
            continue
        try:
            raw = load_document(Path(document.path))
        except (IngestError, OSError):
            continue
        text = "\n".join(line for page in raw.pages for line in page.lines)
        pieces = splitter.split_text(text)
        metadata = {"institution": document.institution or "", "file_stem": Path(document.file).stem, "sha256": document.sha256}
        if pieces:
            vectorstore.add_texts(pieces, metadatas=[metadata] * len(pieces))
    return vectorstore


def naive_system(vectorstore) -> System:
    def run(question: str) -> Retrieval:
        documents = vectorstore.similarity_search(question, k=K)
        chunks = [
            RetrievedChunk(d.metadata.get("institution") or None, d.metadata.get("file_stem", ""), d.page_content)
            for d in documents
        ]
        return Retrieval(chunks, True)

    return run
