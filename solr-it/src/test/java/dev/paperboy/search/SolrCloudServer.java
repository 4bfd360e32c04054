package dev.paperboy.search;

import java.nio.file.Files;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A two-node SolrCloud with ZooKeeper for measuring by hand, until its standard input closes:
 * {@code ../mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.paperboy.search.SolrCloudServer},
 * then {@code ./paperboy evaluate beir DIR --solr URL,URL}.
 */
public final class SolrCloudServer {
    private SolrCloudServer() {}

    public static void main(String[] args) throws Exception {
        var cluster = new MiniSolrCloudCluster.Builder(2, Files.createTempDirectory("paperboy-solrcloud")).configure();
        try {
            var urls = new StringBuilder();
            for (JettySolrRunner node : cluster.getJettySolrRunners()) {
                urls.append(urls.isEmpty() ? "" : ",").append(node.getBaseUrl());
            }
            System.out.println("SOLR_URLS=" + urls);
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        } finally {
            cluster.shutdown();
        }
    }
}
