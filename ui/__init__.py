"""The Gradio app's tabs, one module each (layout and rendering only; the jobs live in
``assistant/``). ``app.py`` assembles them."""
