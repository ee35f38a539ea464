"""Text grammars of the documents, as data and small matchers: the bodies
and who adopts what, citations of symbols and instruments, Chinese dates,
numerals and the labels of blocks. Stages ask these instead of writing
their own patterns."""
