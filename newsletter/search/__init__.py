"""German full-text search, the pure part: folding, words, stems, queries, matching, ranking
and snippets. No I/O: `storage.search` and `storage.search_index` feed it rows."""
