package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.TestDatabases;
import dev.paperboy.community.Role;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Two Paperboy nodes (separate apps, ports and data directories) on one PostgreSQL and one SolrCloud collection, as
 * behind a load balancer: a paper imported through node A is found by a search on node B, and upvotes sent at once
 * through both nodes are counted exactly in both nodes' API, in both nodes' search results and in Solr's own
 * document. Runs in Paperboy's class loader, from {@code ScaleOutTest}.
 */
public final class NodesOnSolrCloud {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String COLLECTION = "nodes";
    private static final int VOTERS = 20;

    private NodesOnSolrCloud() {}

    public static void run(List<String> solrUrls, Path dir) throws Exception {
        String database = TestDatabases.postgresqlUrl(dir.resolve("db"));
        try (var a = node(dir, "a", database, solrUrls); var b = node(dir, "b", database, solrUrls)) {
            a.app().loadDemoIfEmpty();
            a.start();
            b.start();
            var http = HttpClient.newHttpClient();

            // Imported through node A (a catalogue write on A, as an import or a harvest there makes it) ...
            String id = "2512.99999";
            LocalDate day = LocalDate.of(2025, 12, 31);
            a.app().catalogue().upsert(List.of(new IncomingPaper(new Paper(id, "Quokka lattices for sparse attention",
                    "We renormalise quokka lattices to prune attention heads.", List.of("Ada Author", "Bo Writer"),
                    List.of("cs.LG"), day.minusDays(1), day.minusDays(1), 1, null, null, null, null, null, List.of(), null,
                    null, List.of()), 0, new FeedPlacement(day, TestApp.DEMO_NOW, FeedPlacement.Source.HF, null))));
            // ... and found by a search on node B, once the node holding the indexing lease has sent it to Solr.
            await(() -> ids(search(http, b, "quokka lattices")).contains(id), () -> "node B finds the paper imported through node A");
            assertThat(b.app().searchBackend().describe()).contains(COLLECTION);

            var tokens = new ArrayList<String>();
            for (int v = 0; v < VOTERS; v++) {
                var member = a.app().community().accounts().create("voter" + v + "@example.org", "Voter " + v, Role.MEMBER);
                tokens.add(b.app().community().tokens().create(member, "votes").secret());
            }
            var nodes = List.of(a, b);
            var failures = new ConcurrentLinkedQueue<String>();
            try (var pool = Executors.newFixedThreadPool(VOTERS)) {
                var votes = new ArrayList<Callable<Void>>();
                for (int v = 0; v < VOTERS; v++) {
                    int voter = v;
                    votes.add(() -> {
                        var vote = http.send(HttpRequest.newBuilder(URI.create(nodes.get(voter % 2).baseUrl() + "/api/papers/"
                                + id + "/upvote")).header("Authorization", "Bearer " + tokens.get(voter))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                        if (vote.statusCode() != 200) {
                            failures.add(vote.statusCode() + " " + vote.body());
                        }
                        return null;
                    });
                }
                for (var done : pool.invokeAll(votes)) {
                    done.get();
                }
            }

            assertThat(failures).isEmpty();
            for (var node : nodes) {
                assertThat(JSON.readTree(node.get("/api/papers/" + id).body()).path("upvotes").asInt())
                        .as("upvotes in the API of %s", node.baseUrl()).isEqualTo(VOTERS);
                var hit = search(http, node, "quokka lattices").stream()
                        .filter(item -> item.path("paper").path("id").asText().equals(id)).findFirst().orElseThrow();
                assertThat(hit.path("paper").path("upvotes").asInt()).as("upvotes in the search results of %s",
                        node.baseUrl()).isEqualTo(VOTERS);
            }
            // The votes reach the collection too (in place, by the node holding the indexing lease): ordering by
            // upvotes on any node reads Solr's count.
            await(() -> solrUpvotes(http, solrUrls, id) == VOTERS, () -> "Solr's document counts " + VOTERS
                    + " upvotes (it has " + solrUpvotes(http, solrUrls, id) + "; votes waiting to be sent to Solr: "
                    + a.app().catalogue().upvoteQueue(100) + ")");
        }
    }

    private static TestApp node(Path dir, String name, String database, List<String> solrUrls) {
        var settings = new HashMap<>(Map.of(
                "data.dir", dir.resolve(name).toString(),
                "database.url", database,
                "search.embed", "false",
                "server.secret", SECRET,
                "search.backend", "solr",
                "search.solr.urls", String.join(",", solrUrls),
                "search.solr.collection", COLLECTION,
                // A replica on each Solr node, as in the README's layout: every node answers from its own copy.
                "search.solr.replicas", "2"));
        return TestApp.create(true, TestApp.DEMO_NOW, settings);
    }

    private static List<JsonNode> search(HttpClient http, TestApp node, String query) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/papers/search?limit=5&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            var items = new ArrayList<JsonNode>();
            JSON.readTree(response.body()).forEach(items::add);
            return items;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(item -> item.path("paper").path("id").asText()).toList();
    }

    /** The upvotes field of the paper's Solr document, read from Solr itself. */
    private static int solrUpvotes(HttpClient http, List<String> solrUrls, String id) {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(solrUrls.getFirst() + "/" + COLLECTION
                    + "/select?wt=json&fl=upvotes&q=" + URLEncoder.encode("id:\"" + id + "\"", StandardCharsets.UTF_8)))
                    .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("response").path("docs").path(0).path("upvotes").asInt(-1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code condition} holds; the deadline is generous, for a machine busy with other work. */
    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting until " + what.get());
            }
            Thread.sleep(50);
        }
    }
}
