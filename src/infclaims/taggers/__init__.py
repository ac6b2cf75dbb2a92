"""Taggers: the free algorithms the stages call (quotation marks, speaker resolution, dates, quantities,
authorial facts). Each works on text or a parsed ``Doc`` and returns typed results; none is a stage itself."""
