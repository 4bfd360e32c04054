package dev.paperboy.search;

import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the index up to date with the catalogue: drains the {@code search_queue} that every catalogue write fills
 * (in this process or another, such as a CLI import beside the server), in batches. A batch is committed to the
 * index before its queue marks are removed, so a crash in between only indexes those papers once more.
 */
public final class SearchSync {
    public static final int BATCH = 1_000;

    private final Catalogue catalogue;
    private final SearchBackend index;

    public SearchSync(Catalogue catalogue, SearchBackend index) {
        this.catalogue = catalogue;
        this.index = index;
    }

    /**
     * Indexes up to one batch of queued papers, and applies changed upvote counts in place; returns how many
     * papers it took from either queue. With both queues empty, lets the index settle (see {@link SearchBackend#settle()}).
     */
    public int step() {
        List<Catalogue.Queued> queued = catalogue.searchQueue(BATCH);
        List<Catalogue.QueuedUpvotes> votes = catalogue.upvoteQueue(BATCH);
        if (queued.isEmpty() && votes.isEmpty()) {
            index.settle();
            return 0;
        }
        var docs = new ArrayList<SearchDoc>(queued.size());
        for (Catalogue.Indexable item : catalogue.forSearch(queued)) {
            if (item.listing() == null) {
                index.delete(item.id());
            } else {
                docs.add(document(item.listing(), item.vector()));
            }
        }
        index.index(docs);
        // After the documents: a paper both re-indexed and voted on ends with the count read last.
        var counts = new java.util.HashMap<String, Integer>();
        votes.forEach(v -> counts.put(v.id(), v.upvotes()));
        index.updateUpvotes(counts);
        index.commit();
        catalogue.dequeue(queued);
        catalogue.dequeueUpvotes(votes);
        return queued.size() + votes.size();
    }

    /** Drains the whole queue, reporting progress; returns how many papers were indexed. */
    public long drain(Progress progress) {
        long total = catalogue.searchQueueSize();
        long done = 0;
        for (int n = step(); n > 0; n = step()) {
            done += n;
            progress.advance(done, Math.max(total, done));
        }
        return done;
    }

    /**
     * Indexes every paper straight from the catalogue, in batches, and leaves both queues as they are: for filling a
     * new index beside a database copy that must stay equal to its source ({@code migrate --search solr}). Documents
     * are added by id, so a run after an interrupted one indexes the same papers again and duplicates nothing.
     * Only embeddings of {@code model} are indexed: one of an earlier model is left for a server to forget and redo.
     * Returns how many papers were indexed.
     */
    public long indexAll(String model, Progress progress) {
        List<String> ids = catalogue.ids();
        long done = 0;
        for (int from = 0; from < ids.size(); from += BATCH) {
            var batch = ids.subList(from, Math.min(ids.size(), from + BATCH)).stream()
                    .map(id -> new Catalogue.Queued(id, 0)).toList();
            var docs = new ArrayList<SearchDoc>(batch.size());
            for (Catalogue.Indexable item : catalogue.forSearch(batch, model)) {
                if (item.listing() != null) {
                    docs.add(document(item.listing(), item.vector()));
                }
            }
            index.index(docs);
            done += docs.size();
            progress.advance(done, ids.size());
        }
        index.commit();
        return done;
    }

    static SearchDoc document(Listing listing, byte[] vector) {
        var p = listing.paper();
        return new SearchDoc(p.id(), p.title(), p.abstractText(), p.authors(), p.categories(), p.published(),
                listing.upvotes(), listing.hasCode(), vector == null ? null : Vectors.fromBytes(vector));
    }
}
