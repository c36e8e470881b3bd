"""External feeds: fetched politely, cleaned, and published as national updates."""
