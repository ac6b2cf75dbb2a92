"""The five stages, in their order: clean, sentences, speakers, claims, normalise."""
