package dev.paperboy.paper;

import java.util.List;

/**
 * A paper's keywords and one-line summary as readers see them: Hugging Face's where an imported dump had them,
 * else Paperboy's own (extracted from the abstract), with which is which.
 *
 * @param keywordsOurs true when the keywords are Paperboy's, false when they are Hugging Face's
 * @param summary one sentence, or null when none is known yet
 */
public record Notes(List<String> keywords, boolean keywordsOurs, String summary, boolean summaryOurs) {
    public static final Notes NONE = new Notes(List.of(), false, null, false);

    public Notes {
        keywords = List.copyOf(keywords);
    }

    /** "Paperboy", "Hugging Face" or both, for a line that says where the keywords and summary come from. */
    public String credit() {
        boolean hf = (!keywords.isEmpty() && !keywordsOurs) || (summary != null && !summaryOurs);
        boolean ours = (!keywords.isEmpty() && keywordsOurs) || (summary != null && summaryOurs);
        return hf && ours ? "Hugging Face (AI-written) and Paperboy (extracted from the abstract)"
                : hf ? "Hugging Face (AI-written)" : ours ? "Paperboy (extracted from the abstract)" : "";
    }
}
