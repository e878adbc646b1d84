"""Summarise: one submission read back as typed data (pillars, plan, key figures, gaps),
with optional LLM prose."""
