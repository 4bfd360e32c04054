package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.App;
import dev.paperboy.Populated;
import dev.paperboy.TestDatabases;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code paperboy migrate --search solr} from a SQLite instance with a community's activity to PostgreSQL and a
 * SolrCloud collection; run twice (as after an interruption); then a node on the copy finds a voted paper by search,
 * with its votes. Runs in Paperboy's class loader, from {@code ScaleOutTest}.
 */
public final class MigrationToSolr {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNTS = "solr:migrated +([0-9,]+) +\\1 +\\1  same count";

    private MigrationToSolr() {}

    public static void run(List<String> solrUrls, Path dir) throws Exception {
        Path source = dir.resolve("sqlite");
        var activity = Populated.fill(Populated.config(source, "sqlite:" + source));
        String paper = activity.votedPapers().getFirst();
        int upvotes;
        String title;
        try (var sqlite = new App(Populated.config(source, "sqlite:" + source), Clock.systemUTC())) {
            var listing = sqlite.catalogue().find(paper).orElseThrow();
            upvotes = listing.upvotes();
            title = listing.paper().title();
        }
        String target = TestDatabases.postgresqlUrl(dir.resolve("pg"));
        String urls = String.join(",", solrUrls);
        // A replica on each Solr node, as in the README's layout (a setting of the config file, not an option).
        Path settings = java.nio.file.Files.writeString(dir.resolve("paperboy.properties"), "search.solr.replicas=2\n");
        String[] migrate = {"migrate", "--config", settings.toString(), "--data", source.toString(), "--to", target,
                "--search", "solr", "--solr-urls", urls, "--solr-collection", "migrated"};

        var first = Cli.run(migrate);

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("copied and verified").containsPattern(COUNTS)
                .contains("filled and verified Solr collection migrated");
        // Run again, as after an interruption: the copy is verified again and the collection refilled, by id.
        var again = Cli.run(migrate);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).containsPattern(COUNTS);

        var config = Populated.config(dir.resolve("node"), target).with("search.backend", "solr")
                .with("search.solr.urls", urls).with("search.solr.collection", "migrated");
        try (var node = new App(config, Clock.systemUTC())) {
            int port = node.serve().port();
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/papers/search?limit=5&q=" + URLEncoder.encode(title, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            var found = new ArrayList<String>();
            for (var item : JSON.readTree(response.body())) {
                found.add(item.path("paper").path("id").asText());
                if (item.path("paper").path("id").asText().equals(paper)) {
                    assertThat(item.path("paper").path("upvotes").asInt()).isEqualTo(upvotes).isPositive();
                }
            }
            assertThat(found).as("a search for '%s' on the copy", title).contains(paper);
            assertThat(node.searchBackend().describe()).contains("migrated");
            assertThat(node.searchBackend().counts().documents()).isEqualTo(node.catalogue().count());
        }
    }
}
