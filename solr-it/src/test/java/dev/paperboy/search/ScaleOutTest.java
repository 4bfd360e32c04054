package dev.paperboy.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paperboy scaled out on a real two-node SolrCloud (started here, in this JVM) and a real PostgreSQL (zonky's
 * embedded server, as in the root build's tests): moving a SQLite instance there with one command, and two nodes
 * sharing both. Paperboy's side runs in its own class loader ({@link IsolatedPaperboy}); the scenarios are
 * {@code dev.paperboy.cli.MigrationToSolr} and {@code dev.paperboy.web.NodesOnSolrCloud}.
 */
class ScaleOutTest {
    private static MiniSolrCloudCluster cluster;
    private static List<String> solrUrls;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSolrCloud() throws Exception {
        cluster = new MiniSolrCloudCluster.Builder(2, Files.createTempDirectory("paperboy-solrcloud")).configure();
        solrUrls = new ArrayList<>();
        for (JettySolrRunner node : cluster.getJettySolrRunners()) {
            solrUrls.add(node.getBaseUrl().toString());
        }
    }

    @AfterAll
    static void stopSolrCloud() throws Exception {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void migrating_sqlite_to_postgresql_and_solr_makes_its_papers_searchable_on_a_node_of_the_copy() throws Throwable {
        IsolatedPaperboy.run("dev.paperboy.cli.MigrationToSolr", "run", solrUrls, dir);
    }

    @Test
    void two_nodes_on_solrcloud_find_each_others_imports_and_count_every_vote_exactly() throws Throwable {
        IsolatedPaperboy.run("dev.paperboy.web.NodesOnSolrCloud", "run", solrUrls, dir);
    }
}
