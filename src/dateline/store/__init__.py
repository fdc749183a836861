"""The article/event store (placeholder until the corpus issue lands)."""
