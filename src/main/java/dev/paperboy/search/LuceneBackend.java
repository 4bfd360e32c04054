package dev.paperboy.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded backend: a Lucene index in the data directory (or in memory), searched in this process. */
final class LuceneBackend implements SearchBackend {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneBackend.class);
    /** The fewest papers written since the last merge that make another worth it (see {@link #settle()}). */
    static final int SETTLE_AFTER = 1_000;

    private final SearchIndex index;
    /** Papers added, replaced or deleted since the last merge. */
    private final AtomicLong written = new AtomicLong();
    private final PaperSearch search;
    private final String where;
    private final String recovery;

    LuceneBackend(SearchIndex index, Function<String, float[]> embedQuery, Settings settings, String where,
            String recovery) {
        this.index = index;
        this.search = new PaperSearch(index, embedQuery, settings);
        this.where = where;
        this.recovery = recovery;
    }

    /**
     * Opens the index in {@code dir}, checking every segment once. A damaged index is derived data: it is kept
     * aside for inspection, a new one is started, and {@link #recovery()} says so (the caller re-indexes); so does
     * an index in an earlier version's layout, which a new one replaces.
     *
     * @throws IndexLockedException when another process (a running server) holds it
     */
    static LuceneBackend open(Path dir, Clock clock, Function<String, float[]> embedQuery, Settings settings) {
        try {
            SearchIndex index = SearchIndex.openVerified(dir);
            return new LuceneBackend(index, embedQuery, settings, dir.toString(), index.replacedLayout() == null ? null
                    : String.format("the index was written by an earlier version in layout %s (now %s); it is replaced",
                            index.replacedLayout(), SearchIndex.SCHEMA));
        } catch (SearchIndex.DamagedIndexException e) {
            Path aside = dir.resolveSibling("index.damaged-" + clock.instant().toString().replace(':', '-'));
            try {
                Files.move(dir, aside);
            } catch (IOException moveFailed) {
                throw new UncheckedIOException("the search index in " + dir + " is damaged and cannot be moved aside; "
                        + "delete that folder and start again", moveFailed);
            }
            return new LuceneBackend(SearchIndex.open(dir), embedQuery, settings, dir.toString(),
                    String.format("the index could not be opened (%s); it was moved to %s", e.getCause(), aside.getFileName()));
        }
    }

    static LuceneBackend inMemory(Function<String, float[]> embedQuery, Settings settings) {
        return new LuceneBackend(SearchIndex.inMemory(), embedQuery, settings, "memory", null);
    }

    /** The index itself, for tests that search it with a query model of their own. */
    SearchIndex luceneIndex() {
        return index;
    }

    @Override
    public void index(List<SearchDoc> docs) {
        index.add(docs);
        written.addAndGet(docs.size());
    }

    @Override
    public void delete(String id) {
        index.delete(id);
        written.incrementAndGet();
    }

    /**
     * Merges the index into one segment once a tenth of it (and at least {@link #SETTLE_AFTER} papers) was written
     * since the last merge. Bulk writes (an import, a rebuild, the embedding backfill) leave ten or more segments,
     * and a k-NN search walks each one's graph: on 74,728 papers, hybrid search did 111 queries/s over eleven
     * segments and 150 over one. Merging costs the whole index's size once per tenth rewritten.
     */
    @Override
    public void settle() {
        // Called every half second while the queue is empty: cheap checks first.
        long changed = written.get();
        if (changed < SETTLE_AFTER || changed < index.documents() / 10 || index.segments() <= 1) {
            return;
        }
        long start = System.nanoTime();
        index.mergeIntoOne(Map.of("schema", SearchIndex.SCHEMA));
        written.addAndGet(-changed);
        LOG.info("Merged the search index into one segment after {} writes, in {} s", changed,
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
    }

    @Override
    public void updateUpvotes(Map<String, Integer> upvotes) {
        index.updateUpvotes(upvotes);
    }

    @Override
    public void clear() {
        index.clear();
    }

    @Override
    public void commit() {
        index.commit(Map.of("schema", SearchIndex.SCHEMA));
        index.refresh();
    }

    @Override
    public boolean hasCurrentSchema() {
        return index.hasCurrentSchema();
    }

    @Override
    public Result search(Request request) {
        return search.search(request);
    }

    @Override
    public List<String> rankIds(String text, Mode mode, int k) {
        return search.rankIds(text, mode, k);
    }

    @Override
    public List<String> similar(String id, int k) {
        return search.similar(id, k);
    }

    @Override
    public List<String> withSurname(String surname, int max) {
        return search.withSurname(Names.surnameKeys(surname), max);
    }

    @Override
    public Set<String> matching(ParsedQuery query, Collection<String> ids) {
        return search.matching(query, ids);
    }

    @Override
    public Counts counts() {
        int[] counts = index.counts();
        return new Counts(counts[0], counts[1]);
    }

    @Override
    public long version() {
        try (var snapshot = index.acquire()) {
            return snapshot.searcher().getIndexReader() instanceof org.apache.lucene.index.DirectoryReader reader
                    ? reader.getVersion() : 0;
        }
    }

    @Override
    public String recovery() {
        return recovery;
    }

    @Override
    public String describe() {
        return "embedded Lucene index in " + where;
    }

    @Override
    public void close() {
        index.close();
    }
}
