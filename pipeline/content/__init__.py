"""Content items: the front-matter schema, loading from content/, and scaffolding new items."""
