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

    @Test
    void a_node_holding_no_replica_of_the_collection_answers_by_forwarding_to_one_that_does() {
        var urls = cluster.getJettySolrRunners().stream().map(n -> n.getBaseUrl().toString()).toList();
        try (var writer = SearchBackends.solr(urls, "one-replica", 1, 1, null, SearchBackend.Settings.DEFAULT)) {
            writer.index(List.of(new SearchDoc("2401.00001", "Graphene membranes", "Water passes through graphene.",
                    List.of("Ada Lovelace"), List.of("cs.LG"), null, 0, false, null)));
            writer.commit();
        }
        String holder = cluster.getSolrClient().getClusterState().getCollection("one-replica").getReplicas().getFirst()
                .getNodeName();
        String other = cluster.getJettySolrRunners().stream().filter(n -> !n.getNodeName().equals(holder))
                .map(n -> n.getBaseUrl().toString()).findFirst().orElseThrow();

        try (var reader = SearchBackends.solr(List.of(other), "one-replica", 1, 1, null, SearchBackend.Settings.DEFAULT)) {
            org.assertj.core.api.Assertions.assertThat(reader.hasCurrentSchema()).isTrue();
            org.assertj.core.api.Assertions.assertThat(reader.rankIds("graphene", SearchBackend.Mode.BM25, 10))
                    .containsExactly("2401.00001");
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.shutdown();
        }
    }
}
