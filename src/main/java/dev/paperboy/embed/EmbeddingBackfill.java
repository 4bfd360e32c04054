package dev.paperboy.embed;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Paper;
import dev.paperboy.search.SearchDoc;
import dev.paperboy.search.Vectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes embeddings for papers that have none, a batch at a time, newest papers first. Progress is the
 * {@code embeddings} table itself, so a restart resumes where the last run stopped.
 */
public final class EmbeddingBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingBackfill.class);
    private static final int BATCH = 32;
    private static final long LOG_EVERY_NANOS = 30_000_000_000L;

    private final Catalogue catalogue;
    private final Embedder embedder;
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private long lastLog = System.nanoTime();

    public EmbeddingBackfill(Catalogue catalogue, Embedder embedder) {
        this.catalogue = catalogue;
        this.embedder = embedder;
    }

    /** Embeds up to one batch; returns how many papers it embedded (0 when none is waiting). */
    public int step() {
        List<Paper> papers = catalogue.withoutEmbedding(Embedder.MODEL, BATCH);
        if (papers.isEmpty()) {
            return 0;
        }
        long start = System.nanoTime();
        float[][] vectors = embedder.embedDocuments(papers.stream()
                .map(p -> SearchDoc.embeddingText(p.title(), p.abstractText())).toList());
        var byId = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < papers.size(); i++) {
            byId.put(papers.get(i).id(), Vectors.toBytes(vectors[i]));
        }
        catalogue.saveEmbeddings(Embedder.MODEL, byId);
        nanos.addAndGet(System.nanoTime() - start);
        embedded.addAndGet(papers.size());
        if (System.nanoTime() - lastLog > LOG_EVERY_NANOS) {
            lastLog = System.nanoTime();
            LOG.info("Embedded {} of {} papers ({} papers/s)", catalogue.embeddedCount(Embedder.MODEL),
                    catalogue.count(), Math.round(rate()));
        }
        return papers.size();
    }

    /** Papers embedded per second of embedding work since start. */
    public double rate() {
        long spent = nanos.get();
        return spent == 0 ? 0 : embedded.get() / (spent / 1e9);
    }
}
