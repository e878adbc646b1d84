"""Ask: plan a question, retrieve (hybrid keyword + dense), select evidence, compose a cited
answer; plus the retrieval and answer evaluations and the LangChain retriever."""
