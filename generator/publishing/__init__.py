"""Publishing: the pipeline (``build``), MkDocs and the offline zip
(``site``), the cached conversion extension (``mdcache``) and the ZIM."""
