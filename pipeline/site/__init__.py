"""The website: generated Markdown pages and feeds, built by the site engine, swapped in whole."""
