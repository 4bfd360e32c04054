package dev.paperboy.keywords;

import dev.paperboy.paper.Catalogue;
import java.util.LinkedHashMap;

/**
 * Gives every paper Paperboy's keywords and summary, newest first, a batch at a time; a background worker under
 * its lease, and the import commands after an import. Word frequencies are counted over the whole catalogue once,
 * and again when it has grown by a tenth, so keywords weigh words against what the catalogue holds now.
 * 3–7 ms of one core per paper (measured with {@code bench keywords}), so it never needs the embedding model.
 */
public final class KeywordBackfill {
    public static final int BATCH = 500;

    private final PaperNotes notes;
    private final Catalogue catalogue;
    private DocumentFrequencies frequencies;
    private long countedAt;

    public KeywordBackfill(PaperNotes notes, Catalogue catalogue) {
        this.notes = notes;
        this.catalogue = catalogue;
    }

    /** Computes up to one batch; returns how many papers it gave keywords (0 when every paper has them). */
    public synchronized int step() {
        var texts = notes.missing(BATCH);
        if (texts.isEmpty()) {
            return 0;
        }
        var extractor = new KeyPhrases(frequencies());
        var results = new LinkedHashMap<String, KeyPhrases.Result>();
        for (var t : texts) {
            results.put(t.id(), extractor.extract(t.title(), t.abstractText()));
        }
        notes.saveOurs(results);
        return results.size();
    }

    /** Runs until every paper has keywords or {@code stop} says so; returns how many papers it did. */
    public long fillAll(java.util.function.BooleanSupplier stop) {
        long done = 0;
        for (int n = step(); n > 0 && !stop.getAsBoolean(); n = step()) {
            done += n;
        }
        return done;
    }

    private DocumentFrequencies frequencies() {
        long papers = catalogue.count();
        if (frequencies == null || papers > countedAt + countedAt / 10) {
            var counted = new DocumentFrequencies();
            notes.forEachText(counted::add);
            frequencies = counted;
            countedAt = papers;
        }
        return frequencies;
    }
}
