package dev.paperboy.keywords;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@code paper_notes} table: keywords and one-line summaries, Hugging Face's as imported and Paperboy's as
 * computed. Readers get them with every {@link dev.paperboy.paper.Listing}; this class writes them.
 */
public final class PaperNotes {
    public static final String OURS = "paperboy";
    public static final String HUGGING_FACE = "huggingface";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Hugging Face's dump says of one paper; either part may be missing (null or empty). */
    public record Imported(List<String> keywords, String summary) {}

    /** A paper's text, as the extractor reads it. */
    public record Text(String id, String title, String abstractText) {}

    private final Database database;
    private final Clock clock;

    public PaperNotes(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Stores Paperboy's keywords and summaries, replacing older ones of ours (never Hugging Face's). */
    public void saveOurs(Map<String, KeyPhrases.Result> results) {
        if (results.isEmpty()) {
            return;
        }
        String now = clock.instant().toString();
        database.writeSql(connection -> {
            try (var save = connection.prepareStatement("""
                    INSERT INTO paper_notes (paper_id, source, keywords, summary, method, computed_at)
                    SELECT id, ?, ?, ?, ?, ? FROM papers WHERE id = ?
                    ON CONFLICT (paper_id, source) DO UPDATE SET keywords = excluded.keywords,
                        summary = excluded.summary, method = excluded.method, computed_at = excluded.computed_at""")) {
                for (var e : results.entrySet()) {
                    save.setString(1, OURS);
                    save.setString(2, json(e.getValue().keywords()));
                    save.setString(3, e.getValue().summary());
                    save.setString(4, KeyPhrases.METHOD);
                    save.setString(5, now);
                    save.setString(6, e.getKey());
                    save.addBatch();
                }
                return save.executeBatch();
            }
        });
    }

    /**
     * Stores what a Hugging Face dump says; a part the dump lacks keeps what an earlier import stored, so a later,
     * thinner dump of the same paper never erases a summary.
     */
    public void saveHuggingFace(Map<String, Imported> imported) {
        var present = imported.entrySet().stream()
                .filter(e -> !e.getValue().keywords().isEmpty() || e.getValue().summary() != null).toList();
        if (present.isEmpty()) {
            return;
        }
        String now = clock.instant().toString();
        database.writeSql(connection -> {
            try (var save = connection.prepareStatement("""
                    INSERT INTO paper_notes (paper_id, source, keywords, summary, method, computed_at)
                    SELECT id, ?, ?, ?, ?, ? FROM papers WHERE id = ?
                    ON CONFLICT (paper_id, source) DO UPDATE SET
                        keywords = COALESCE(excluded.keywords, paper_notes.keywords),
                        summary = COALESCE(excluded.summary, paper_notes.summary),
                        computed_at = excluded.computed_at""")) {
                for (var e : present) {
                    save.setString(1, HUGGING_FACE);
                    save.setString(2, e.getValue().keywords().isEmpty() ? null : json(e.getValue().keywords()));
                    save.setString(3, e.getValue().summary());
                    save.setString(4, HUGGING_FACE);
                    save.setString(5, now);
                    save.setString(6, e.getKey());
                    save.addBatch();
                }
                return save.executeBatch();
            }
        });
    }

    /** Papers without keywords of the current method, newest first: readers look at recent papers most. */
    public List<Text> missing(int limit) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT p.id, p.title, p.abstract FROM papers p
                        LEFT JOIN paper_notes n ON n.paper_id = p.id AND n.source = ? AND n.method = ?
                        WHERE n.paper_id IS NULL ORDER BY p.published DESC NULLS LAST, p.id LIMIT ?""")
                .bind(0, OURS).bind(1, KeyPhrases.METHOD).bind(2, limit)
                .map((r, ctx) -> new Text(r.getString(1), r.getString(2), r.getString(3))).list());
    }

    /** How many papers have keywords of ours from the current method. */
    public long computedCount() {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM paper_notes WHERE source = ? AND method = ?")
                .bind(0, OURS).bind(1, KeyPhrases.METHOD).mapTo(Long.class).one());
    }

    /** Every paper's title and abstract, streamed: the word frequencies keywords are weighed by. */
    public void forEachText(BiConsumer<String, String> each) {
        database.jdbi().useHandle(h -> h.createQuery("SELECT title, abstract FROM papers")
                .setFetchSize(1_000)
                .map((r, ctx) -> new String[] {r.getString(1), r.getString(2)})
                .forEach(t -> each.accept(t[0], t[1])));
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }
}
