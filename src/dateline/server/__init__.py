"""HTTP API and web page (placeholder until the server issue lands)."""
