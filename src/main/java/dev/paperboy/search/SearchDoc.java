package dev.paperboy.search;

import java.time.LocalDate;
import java.util.List;

/**
 * What the index knows of a paper: the text it searches, the fields it filters and sorts on, and the embedding
 * when one has been computed (null until then: the paper is keyword-searchable at once, semantically later).
 */
public record SearchDoc(
        String id, String title, String abstractText, List<String> authors, List<String> categories,
        LocalDate published, int upvotes, boolean hasCode, float[] vector) {

    public SearchDoc {
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
    }

    /** The text a paper's embedding is computed from. */
    public static String embeddingText(String title, String abstractText) {
        return title + ". " + abstractText;
    }
}
