"""The web UI (Gradio): ``rewriter serve``.  Gradio is imported only by :mod:`.app` and :mod:`.serve`."""
