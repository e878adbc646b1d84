"""Plan: mine actions from past plans and suggest actions for a pillar."""
