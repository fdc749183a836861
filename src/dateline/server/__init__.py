"""HTTP API and web page: ``create_app(db)`` in ``app.py``, ``dateline serve`` in ``commands.py``.

Needs the ``serve`` extra (FastAPI, uvicorn); importing this package alone pulls in neither.
"""
