package dev.paperboy.search;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where papers are searched: the embedded Lucene index (the default) or a SolrCloud collection
 * ({@code search.backend}; see {@link SearchBackends}). Both take Paperboy's query syntax, rank the same way
 * (keyword and semantic rankings fused by {@link Fusion} in Paperboy, names first, see {@link Names}) and return
 * paper ids with highlights; callers fetch the papers of a page with one batch lookup.
 *
 * <p>Writes become visible to searches, and durable, at {@link #commit()}.
 */
public interface SearchBackend extends AutoCloseable {
    /** Candidates taken from each ranking before fusion; also the deepest page a search can reach. */
    int CANDIDATES = 100;

    /** Adds or replaces documents by id. */
    void index(List<SearchDoc> docs);

    void delete(String id);

    /** Sets papers' upvote counts in place: a vote changes one number, not the document and its vector. */
    void updateUpvotes(Map<String, Integer> upvotes);

    /**
     * Called when every queued paper is indexed: a backend may tidy what bulk writes left behind (the embedded one
     * merges its segments). SolrCloud merges on its own.
     */
    default void settle() {}

    /** Deletes every document (for a rebuild). */
    void clear();

    /** Makes every write so far durable and visible to searches, recording the current document layout. */
    void commit();

    /** True when the index was last committed with this version's document layout. */
    boolean hasCurrentSchema();

    Result search(Request request);

    /** Paper ids, best first, for a plain-text query: what {@code evaluate} measures. */
    List<String> rankIds(String text, Mode mode, int k);

    /** The papers nearest to {@code id} by embedding, without itself; empty when it has no embedding yet. */
    List<String> similar(String id, int k);

    /**
     * The papers with an author of this surname ("Dollar" finds Dollár; "Mueller" finds Müller too; "van der Berg"
     * and "Smith-Jones" find theirs), newest first, at most {@code max}: the candidates of an author page, which
     * then checks the whole name.
     */
    List<String> withSurname(String surname, int max);

    /** Those of {@code ids} whose text matches the query's words, phrases and filters (no ranking, no limit). */
    Set<String> matching(ParsedQuery query, Collection<String> ids);

    Counts counts();

    /** Changes whenever the searchable contents do (an import indexed, a vote count updated): a cache key. */
    long version();

    /** What was wrong with the index when it was opened and has been set aside, or null when nothing was. */
    default String recovery() {
        return null;
    }

    /** Where the index lives, for the status page and {@code /readyz}: a folder, or a collection and its nodes. */
    String describe();

    @Override
    void close();

    /** Documents in the index, and how many of them have a vector. */
    record Counts(long documents, long vectors) {}

    /**
     * Tuning, chosen on SciFact's train split (never its test split).
     *
     * @param titleBoost weight of a title match relative to a match in title + abstract
     * @param semanticWeight weight of the semantic ranking in the fusion
     * @param relatedThreshold cosine similarity from which a paper that does not match the query's words is shown,
     *     as "related by meaning": 0.83, the 90th percentile of the similarity of a name query's closest wrong paper
     *     on the demo catalogue ({@code evaluate navigational --calibrate}; see the README)
     */
    record Settings(float titleBoost, Fusion.Method fusion, double semanticWeight, double relatedThreshold) {
        public static final Settings DEFAULT = new Settings(0.3f, Fusion.Method.ZSCORE, 0.9, 0.83);

        public Settings withRelatedThreshold(double threshold) {
            return new Settings(titleBoost, fusion, semanticWeight, threshold);
        }
    }

    enum Mode { BM25, DENSE, HYBRID }

    enum Order { RELEVANCE, NEWEST, UPVOTES }

    /**
     * @param category keep only papers listing this arXiv category, or null
     * @param from first publication day, or null
     * @param until last publication day, or null
     */
    record Filters(String category, LocalDate from, LocalDate until, boolean hasCode) {
        public static final Filters NONE = new Filters(null, null, null, false);
    }

    /** One search: the query, what narrows it, how to order it and which page. */
    record Request(ParsedQuery query, Filters filters, Order order, Mode mode, int offset, int limit) {}

    /** A run of title or abstract text, highlighted where it matches the query. */
    record Segment(boolean highlight, String text) {}

    /**
     * Where the query's words are in a title or an abstract: character ranges ({@code start, end} pairs, in order, not
     * overlapping) of the text as indexed. A hit carries these rather than the text, which the caller reads with the
     * rest of the paper's row anyway: reading it from the index as well was an eighth of a search's CPU.
     */
    record Marks(int[] ranges) {
        public static final Marks NONE = new Marks(new int[0]);

        /** {@code text} as segments, highlighted where marked; a range past the text's end (it changed) is left out. */
        public List<Segment> segments(String text) {
            return Highlights.segments(text == null ? "" : text, ranges);
        }
    }

    /** @param related true when the paper does not match the query's words and is shown for its meaning alone */
    record Hit(String id, double score, Marks title, Marks summary, boolean related) {
        public Hit(String id, double score, Marks title, Marks summary) {
            this(id, score, title, summary, false);
        }
    }

    /**
     * @param total how many papers match the query's words (or its filters alone, when it has no words)
     * @param related how many more papers are shown because they are close in meaning, after those that match
     * @param hits the requested page
     */
    record Result(long total, int related, List<Hit> hits) {
        public Result(long total, List<Hit> hits) {
            this(total, 0, hits);
        }

        /** Roughly what this result holds on the heap (objects and the text of its highlights), to bound a cache. */
        public int approximateBytes() {
            long bytes = 64;
            for (Hit hit : hits) {
                bytes += 160 + hit.id().length() + 4L * (hit.title().ranges().length + hit.summary().ranges().length);
            }
            return (int) Math.min(Integer.MAX_VALUE, bytes);
        }

        /** How many papers can be paged through: the matches kept as candidates, then the related ones. */
        public long reachable() {
            return Math.min(total, CANDIDATES) + related;
        }
    }

    /** No node of the search cluster answered: a passing outage, answered 503 and retried by the background jobs. */
    final class UnavailableException extends IllegalStateException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    /** The index is held by another process (a running server, or another job). */
    final class IndexLockedException extends IllegalStateException {
        public IndexLockedException(String where) {
            super("the search index in " + where + " is in use by another Paperboy process (a running server?); "
                    + "stop it first, or let the server do this work");
        }
    }
}
