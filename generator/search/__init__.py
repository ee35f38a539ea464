"""The phrase search index: folding and tokens (``text``), the postings and
their shards (``shards``), and the index files of a site (``index``)."""
