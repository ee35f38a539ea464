"""The corpus: what the documents say of each other (cross-references,
recommendations and their endorsed texts), the timeline of the dates they
state, and the anchor manifest and lock. Data only: rendering is apart."""
