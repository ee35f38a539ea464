"""Reading one document: decode the bytes, repair the PDF's line layout,
parse the structure, assign anchors, link footnotes. Each step takes the
previous one's plain data; nothing here knows of other documents."""
