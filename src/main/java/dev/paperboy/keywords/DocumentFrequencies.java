package dev.paperboy.keywords;

import java.util.HashMap;
import java.util.Map;

/** In how many documents each word occurs, counted once over the catalogue: what makes a word rare, and so telling. */
public final class DocumentFrequencies implements KeyPhrases.Frequencies {
    private final Map<String, Integer> counts = new HashMap<>();
    private int documents;

    /** Counts one more document. */
    public void add(String title, String abstractText) {
        documents++;
        for (String word : KeyPhrases.documentWords(title, abstractText)) {
            counts.merge(word, 1, Integer::sum);
        }
    }

    @Override
    public int documents() {
        return documents;
    }

    @Override
    public int documentsWith(String foldedWord) {
        return counts.getOrDefault(foldedWord, 0);
    }
}
