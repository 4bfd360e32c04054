package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The search contract, on a real SolrCloud: two Solr nodes and ZooKeeper in this JVM, a collection with one shard
 * and a replica on each node, created by Paperboy with its own configset. Paperboy is given both nodes' URLs, the
 * first of them a node that does not answer, so every request also exercises the fail-over.
 */
class SolrBackendTest extends SearchBackendContract {
    private MiniSolrCloudCluster cluster;

    @Override
    protected SearchBackend open(Function<String, float[]> embedQuery) {
        try {
            Path dir = Files.createTempDirectory("paperboy-solrcloud");
            cluster = new MiniSolrCloudCluster.Builder(2, dir).configure();
            var urls = new java.util.ArrayList<String>(List.of("http://127.0.0.1:1/solr"));
            for (JettySolrRunner node : cluster.getJettySolrRunners()) {
                urls.add(node.getBaseUrl().toString());
            }
            return SearchBackends.solr(urls, "papers", 1, 2, embedQuery, SearchBackend.Settings.DEFAULT);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start SolrCloud", e);
        }
    }

    @Test
    void a_cluster_none_of_whose_nodes_answers_is_reported_unavailable() {
        assertThatThrownBy(() -> SearchBackends.solr(List.of("http://127.0.0.1:1/solr", "http://127.0.0.1:2/solr"),
                "papers", 1, 1, null, SearchBackend.Settings.DEFAULT))
                .isInstanceOf(SearchBackend.UnavailableException.class).hasMessageContaining("no Solr node answered");
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.shutdown();
        }
    }
}
