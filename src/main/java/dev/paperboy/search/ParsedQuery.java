package dev.paperboy.search;

import java.time.LocalDate;
import java.util.List;

/**
 * A search box query taken apart: free words, required phrases, excluded words, and field filters.
 *
 * @param words free words, scored by BM25 and embedded for semantic search
 * @param phrases exact phrases that must appear
 * @param excluded words or phrases that must not appear
 * @param authors author names (each must match)
 * @param categories arXiv categories (any may match)
 * @param from first publication day allowed, or null
 * @param until last publication day allowed, or null
 */
public record ParsedQuery(
        List<String> words, List<String> phrases, List<String> excluded, List<String> authors,
        List<String> categories, LocalDate from, LocalDate until) {

    /** The text that carries the meaning: words and phrases, for the embedding model. */
    public String semanticText() {
        var parts = new java.util.ArrayList<String>(words);
        parts.addAll(phrases);
        return String.join(" ", parts).strip();
    }

    public boolean hasText() {
        return !words.isEmpty() || !phrases.isEmpty();
    }

    public boolean isEmpty() {
        return !hasText() && authors.isEmpty() && categories.isEmpty() && from == null && until == null;
    }
}
