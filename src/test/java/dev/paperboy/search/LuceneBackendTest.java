package dev.paperboy.search;

import java.util.function.Function;

/** The search contract, on the embedded Lucene index. */
class LuceneBackendTest extends SearchBackendContract {
    @Override
    protected SearchBackend open(Function<String, float[]> embedQuery) {
        return SearchBackends.inMemory(embedQuery, SearchBackend.Settings.DEFAULT);
    }
}
