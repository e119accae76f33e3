"""claimx's spaCy components, one concern per module.

Each component writes its results to a span group on the Doc (named in `extensions`) with
plain values in `Span._` attributes; `claimx.nlp.build` turns a processed Doc into records.
"""
