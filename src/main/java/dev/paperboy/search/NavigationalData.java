package dev.paperboy.search;

import dev.paperboy.embed.Embedder;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.Catalogue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A catalogue as the navigational evaluation reads it: every paper, and the embeddings already stored. */
public record NavigationalData(List<SearchDoc> papers, Map<String, float[]> stored) {
    private static final int BATCH = 32;

    public static NavigationalData read(Catalogue catalogue) {
        List<String> ids = catalogue.ids();
        var papers = new ArrayList<SearchDoc>(ids.size());
        var stored = new HashMap<String, float[]>();
        for (int start = 0; start < ids.size(); start += 1_000) {
            var chunk = ids.subList(start, Math.min(ids.size(), start + 1_000)).stream()
                    .map(id -> new Catalogue.Queued(id, 0)).toList();
            for (Catalogue.Indexable item : catalogue.forSearch(chunk)) {
                if (item.listing() != null) {
                    SearchDoc doc = SearchSync.document(item.listing(), item.vector());
                    papers.add(new SearchDoc(doc.id(), doc.title(), doc.abstractText(), doc.authors(), doc.categories(),
                            doc.published(), doc.upvotes(), doc.hasCode(), null));
                    if (doc.vector() != null) {
                        stored.put(doc.id(), doc.vector());
                    }
                }
            }
        }
        return new NavigationalData(papers, stored);
    }

    /** The stored embeddings of the embedder's size, and the missing ones computed in this process. */
    public static Map<String, float[]> complete(NavigationalData data, Embedder embedder, java.nio.file.Path cacheDir,
            Progress progress) {
        java.nio.file.Path cache = cacheDir == null ? null : cacheDir.resolve(cacheKey(data) + ".vectors");
        if (cache != null && java.nio.file.Files.isRegularFile(cache)) {
            return BeirEvaluation.readCache(cache);
        }
        var vectors = new HashMap<String, float[]>();
        data.stored().forEach((id, v) -> {
            if (v.length == embedder.dimensions()) {
                vectors.put(id, v);
            }
        });
        var missing = new ArrayList<>(data.papers().stream().filter(p -> !vectors.containsKey(p.id())).toList());
        // Similar lengths in a batch waste less work on padding.
        missing.sort(Comparator.comparingInt(p -> p.title().length() + p.abstractText().length()));
        for (int start = 0; start < missing.size(); start += BATCH) {
            var batch = missing.subList(start, Math.min(start + BATCH, missing.size()));
            float[][] embedded = embedder.embedDocuments(batch.stream()
                    .map(p -> SearchDoc.embeddingText(p.title(), p.abstractText())).toList());
            for (int i = 0; i < batch.size(); i++) {
                vectors.put(batch.get(i).id(), embedded[i]);
            }
            progress.advance(start + batch.size(), missing.size());
        }
        if (cache != null) {
            BeirEvaluation.writeCache(cache, vectors);
        }
        return vectors;
    }

    private static String cacheKey(NavigationalData data) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            for (SearchDoc p : data.papers()) {
                digest.update((p.id() + "\n" + p.title() + "\n" + p.abstractText() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            digest.update(Embedder.MODEL.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "catalogue-" + java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 24);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
