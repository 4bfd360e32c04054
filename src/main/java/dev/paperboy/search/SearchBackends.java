package dev.paperboy.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.paperboy.Config;
import dev.paperboy.ConfigException;
import java.time.Clock;
import java.util.function.Function;

/** Opens the search backend that {@code search.backend} names. */
public final class SearchBackends {
    private SearchBackends() {}

    /**
     * @param model computes a query's embedding, or null for keyword-only search; its answers are remembered
     *     ({@code search.query-cache})
     * @throws SearchBackend.IndexLockedException when the embedded index is held by another process
     */
    public static SearchBackend open(Config config, Clock clock, Function<String, float[]> model) {
        int remembered = config.integer("search.query-cache");
        Function<String, float[]> embedQuery = model == null || remembered <= 0 ? model : remembering(model, remembered);
        String backend = config.string("search.backend");
        return switch (backend) {
            case "lucene" -> LuceneBackend.open(config.path("data.dir").resolve("index"), clock, embedQuery,
                    SearchBackend.Settings.DEFAULT);
            case "solr" -> solr(config.list("search.solr.urls"), config.string("search.solr.collection"),
                    config.integer("search.solr.shards"), config.integer("search.solr.replicas"), embedQuery,
                    SearchBackend.Settings.DEFAULT);
            default -> throw new ConfigException("search.backend must be lucene or solr, not '" + backend + "'");
        };
    }

    /**
     * The same query's vector from memory after the first time: a person who pages through a search, sorts it,
     * narrows it or opens it on the API after the page pays for the model once.
     * Computed outside the cache's lock, so a slow query never holds up another.
     */
    static Function<String, float[]> remembering(Function<String, float[]> model, int size) {
        Cache<String, float[]> vectors = Caffeine.newBuilder().maximumSize(size).build();
        return text -> {
            float[] vector = vectors.getIfPresent(text);
            if (vector == null) {
                vector = model.apply(text);
                vectors.put(text, vector);
            }
            return vector;
        };
    }

    /**
     * A SolrCloud collection, created (with Paperboy's configset) when it does not exist.
     *
     * @param nodes base URLs of the cluster's nodes, such as {@code http://solr1:8983/solr}; requests fail over
     *     between them
     */
    public static SearchBackend solr(java.util.List<String> nodes, String collection, int shards, int replicas,
            Function<String, float[]> embedQuery, SearchBackend.Settings settings) {
        if (nodes.isEmpty()) {
            throw new ConfigException("search.backend=solr needs search.solr.urls: the Solr nodes' base URLs, such as "
                    + "http://solr1:8983/solr,http://solr2:8983/solr");
        }
        return new SolrBackend(nodes, collection, shards, replicas, embedQuery, settings);
    }

    /** An embedded index in memory: for evaluations, a digest's saved searches, and tests. */
    public static SearchBackend inMemory(Function<String, float[]> embedQuery, SearchBackend.Settings settings) {
        return LuceneBackend.inMemory(embedQuery, settings);
    }
}
