"""Rendering: the model and the corpus data to Markdown, HTML, SVG, JSON
and XML, through the templates (``templates/``) and the one text gate
(``mdtext``). Rendering never parses."""
