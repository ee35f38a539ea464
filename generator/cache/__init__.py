"""Caching, applied from outside the stages: results kept by content digest
(``memo``) and the build stamp (``stamp``)."""
