package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our API's JSON against the shape of Hugging Face's real responses ({@code ../shared/data/hf-daily}, 393 days):
 * every key we emit exists at the same place there with the same JSON type, and the keys clients read are there.
 */
class HfShapeCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Hugging Face writes every timestamp in one form: 2025-12-27T09:07:12.000Z.
    private static final Pattern HF_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final List<String> TIMESTAMPS = List.of("[].publishedAt", "[].paper.publishedAt", "[].paper.submittedOnDailyAt");
    private static final List<String> REQUIRED = List.of(
            "paper.id", "paper.authors[].name", "paper.publishedAt", "paper.title", "paper.summary", "paper.upvotes",
            "publishedAt", "title", "summary", "numComments", "isAuthorParticipating");

    enum Kind { OBJECT, ARRAY, STRING, INT, FLOAT, BOOLEAN, NULL }

    /** Every key path in Hugging Face's responses, with the JSON types seen there. */
    private static final Map<String, Set<Kind>> HF = new TreeMap<>();
    private static final List<String> HF_BAD_TIMESTAMPS = new ArrayList<>();
    private static int hfFiles;
    private static int hfItems;

    /** Our daily-paper items, each with where it came from. */
    private static final Map<String, JsonNode> OURS_DAILY = new LinkedHashMap<>();
    /** Our flat papers, by request path. */
    private static final Map<String, JsonNode> OURS_PAPERS = new LinkedHashMap<>();
    private static TestApp app;

    @BeforeAll
    static void load() throws IOException {
        try (Stream<Path> files = Files.list(TestApp.shared("data/hf-daily"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json.gz")).sorted().toList()) {
                JsonNode day;
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    day = JSON.readTree(in);
                }
                hfFiles++;
                hfItems += day.size();
                walk("", day, (path, node) -> {
                    HF.computeIfAbsent(path, p -> EnumSet.noneOf(Kind.class)).add(kind(node));
                    if (TIMESTAMPS.contains(path) && !HF_TIMESTAMP.matcher(node.asText()).matches()) {
                        HF_BAD_TIMESTAMPS.add(file.getFileName() + " " + path + " = " + node);
                    }
                });
            }
        }

        app = TestApp.withDemo().start();
        // What the demo lacks: a member's submission, and papers the arXiv snapshot put in the feed.
        app.app().catalogue().upsert(List.of(new IncomingPaper(
                new Paper("2512.99003", "A submitted paper", "Submitted here by a member.", List.of("Sam Submitter"),
                        List.of("cs.LG"), LocalDate.of(2025, 12, 29), LocalDate.of(2025, 12, 29), 1, null, null, null,
                        null, null, List.of(), "https://github.com/acme/widget", "https://acme.example/widget",
                        List.of("widgets")),
                4, new FeedPlacement(LocalDate.of(2025, 12, 30), Instant.parse("2025-12-30T12:00:00Z"),
                        FeedPlacement.Source.SUBMISSION, "alice"))));
        var snapshot = app.app().snapshotImporter().importFile(
                TestApp.shared("fixtures/arxiv/kaggle-snapshot/arxiv-metadata-oai-snapshot.head20.jsonl"), Progress.NONE);
        assertThat(snapshot.problems()).isEmpty();

        for (LocalDate day = LocalDate.of(2025, 11, 1); !day.isAfter(LocalDate.of(2025, 12, 31)); day = day.plusDays(1)) {
            collectDaily("/api/daily_papers?limit=100&date=" + day);
        }
        // The whole feed, newest first, so that papers on other days (the seed page, the snapshot) are covered too.
        for (int p = 0; collectDaily("/api/daily_papers?limit=100&p=" + p) == 100; p++) {
            assertThat(p).as("paging never ends").isLessThan(50);
        }
        for (JsonNode item : List.copyOf(OURS_DAILY.values())) {
            String path = "/api/papers/" + item.path("paper").path("id").asText();
            if (!OURS_PAPERS.containsKey(path)) {
                OURS_PAPERS.put(path, get(path));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static int collectDaily(String request) {
        JsonNode items = get(request);
        assertThat(items.isArray()).as(request).isTrue();
        for (JsonNode item : items) {
            OURS_DAILY.putIfAbsent(item.path("paper").path("id").asText(), item);
        }
        return items.size();
    }

    private static JsonNode get(String path) {
        var response = app.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(path + " is not JSON", e);
        }
    }

    @Test
    void the_reference_responses_are_all_there() {
        // All 393 recorded days in ../shared; at least the 47 of the test copy (scripts/build-test-fixtures.py).
        assertThat(hfFiles).isGreaterThanOrEqualTo(47);
        assertThat(HF).containsKeys("[].paper.authors[].name", "[].paper.upvotes", "[].numComments");
        // The demo's 637 Hugging Face papers and 48 seed-page papers, the submission and the snapshot's cs paper.
        assertThat(OURS_DAILY.size()).isEqualTo(637 + 48 + 2);
        assertThat(OURS_DAILY.keySet()).contains("2512.99003", "0704.0002");
        assertThat(OURS_PAPERS).hasSameSizeAs(OURS_DAILY);
    }

    @Test
    void every_key_of_our_daily_papers_exists_in_hugging_faces_with_the_same_type() {
        var ours = new TreeMap<String, Map<Kind, String>>();
        OURS_DAILY.forEach((id, item) -> walk("[]", item, (path, node) ->
                ours.computeIfAbsent(path, p -> new TreeMap<>()).putIfAbsent(kind(node), "daily item " + id)));

        assertCompatible(ours);
    }

    @Test
    void every_key_of_our_paper_exists_in_hugging_faces_nested_paper_with_the_same_type() {
        var ours = new TreeMap<String, Map<Kind, String>>();
        OURS_PAPERS.forEach((request, paper) -> walk("[].paper", paper, (path, node) ->
                ours.computeIfAbsent(path, p -> new TreeMap<>()).putIfAbsent(kind(node), request)));

        assertCompatible(ours);
    }

    @Test
    void counts_are_integers_as_on_hugging_face() {
        assertThat(HF.get("[].paper.upvotes")).containsExactly(Kind.INT);
        assertThat(HF.get("[].numComments")).containsExactly(Kind.INT);
        assertThat(OURS_DAILY.values()).allSatisfy(item -> {
            assertThat(item.path("paper").path("upvotes").isInt()).as(item.toString()).isTrue();
            assertThat(item.path("numComments").isInt()).as(item.toString()).isTrue();
        });
    }

    @Test
    void the_keys_clients_read_are_in_every_daily_paper() {
        var missing = new TreeMap<String, List<String>>();
        OURS_DAILY.forEach((id, item) -> {
            for (String required : REQUIRED) {
                if (!has(item, required) && !knownToBeUnknown(id, required)) {
                    missing.computeIfAbsent(required, r -> new ArrayList<>()).add(id);
                }
            }
        });

        assertThat(missing).as("keys that huggingface_hub and other clients read, missing from our items (key → paper ids)")
                .isEmpty();
    }

    @Test
    void the_keys_clients_read_are_in_every_paper() {
        var missing = new TreeMap<String, List<String>>();
        OURS_PAPERS.forEach((request, paper) -> {
            String id = paper.path("id").asText();
            for (String required : REQUIRED.stream().filter(r -> r.startsWith("paper.")).toList()) {
                if (!has(paper, required.substring("paper.".length())) && !knownToBeUnknown(id, required)) {
                    missing.computeIfAbsent(required, r -> new ArrayList<>()).add(request);
                }
            }
        });

        assertThat(missing).as("keys clients read, missing from /api/papers/{id} (key → requests)").isEmpty();
    }

    @Test
    void timestamps_are_written_as_hugging_face_writes_them() {
        assertThat(HF_BAD_TIMESTAMPS).as("Hugging Face's own timestamps, which this test takes as the form").isEmpty();
        var bad = new ArrayList<String>();
        OURS_DAILY.forEach((id, item) -> walk("[]", item, (path, node) -> {
            if (TIMESTAMPS.contains(path) && !isHfTimestamp(node)) {
                bad.add(id + " " + path + " = " + node);
            }
        }));
        OURS_PAPERS.forEach((request, paper) -> walk("[].paper", paper, (path, node) -> {
            if (TIMESTAMPS.contains(path) && !isHfTimestamp(node)) {
                bad.add(request + " " + path + " = " + node);
            }
        }));

        assertThat(bad).as("timestamps not in the form 2025-12-27T09:07:12.000Z").isEmpty();
    }

    /**
     * A paper whose first arXiv version date nobody told us has no {@code paper.publishedAt}: we leave it out rather
     * than invent one. Such papers are exempt from that one key, and only when the catalogue really lacks the date.
     */
    private static boolean knownToBeUnknown(String id, String required) {
        return required.equals("paper.publishedAt")
                && app.app().catalogue().find(id).orElseThrow().paper().published() == null;
    }

    private static void assertCompatible(Map<String, Map<Kind, String>> ours) {
        var problems = new ArrayList<String>();
        ours.forEach((path, kinds) -> {
            Set<Kind> theirs = HF.get(path);
            kinds.forEach((kind, example) -> {
                if (theirs == null) {
                    problems.add(String.format("  + %-45s %-7s  Hugging Face never has this key; beside it there: %s%n      e.g. %s",
                            path, kind, siblings(path), example));
                } else if (!theirs.contains(kind)) {
                    problems.add(String.format("  ~ %-45s %-7s  Hugging Face has it as %s%n      e.g. %s",
                            path, kind, theirs, example));
                }
            });
        });

        assertThat(problems)
                .as("Our JSON differs from Hugging Face's (%d files, %d items):%n%s%n", hfFiles, hfItems, String.join("\n", problems))
                .isEmpty();
    }

    /** The keys Hugging Face has next to {@code path}, to show what was probably meant. */
    private static Set<String> siblings(String path) {
        String parent = path.substring(0, path.lastIndexOf('.') + 1);
        var keys = new TreeSet<String>();
        for (String candidate : HF.keySet()) {
            if (candidate.startsWith(parent) && candidate.length() > parent.length()) {
                String rest = candidate.substring(parent.length());
                if (!rest.contains(".") && !rest.contains("[")) {
                    keys.add(rest);
                }
            }
        }
        return keys;
    }

    private static boolean isHfTimestamp(JsonNode node) {
        if (!node.isTextual() || !HF_TIMESTAMP.matcher(node.asText()).matches()) {
            return false;
        }
        try {
            Instant.parse(node.asText());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Whether {@code node} has a value at {@code path}; {@code a[].b} asks it of every element of the array a. */
    private static boolean has(JsonNode node, String path) {
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? null : path.substring(dot + 1);
        if (head.endsWith("[]")) {
            JsonNode array = node.get(head.substring(0, head.length() - 2));
            if (array == null || !array.isArray() || array.isEmpty()) {
                return false;
            }
            for (JsonNode element : array) {
                if (rest != null && !has(element, rest)) {
                    return false;
                }
            }
            return true;
        }
        JsonNode child = node.get(head);
        if (child == null || child.isNull()) {
            return false;
        }
        return rest == null || has(child, rest);
    }

    private static void walk(String path, JsonNode node, BiConsumer<String, JsonNode> visit) {
        visit.accept(path, node);
        if (node.isObject()) {
            node.properties().forEach(e -> walk(path + "." + e.getKey(), e.getValue(), visit));
        } else if (node.isArray()) {
            node.forEach(element -> walk(path + "[]", element, visit));
        }
    }

    private static Kind kind(JsonNode node) {
        if (node.isObject()) {
            return Kind.OBJECT;
        } else if (node.isArray()) {
            return Kind.ARRAY;
        } else if (node.isTextual()) {
            return Kind.STRING;
        } else if (node.isIntegralNumber()) {
            return Kind.INT;
        } else if (node.isNumber()) {
            return Kind.FLOAT;
        } else if (node.isBoolean()) {
            return Kind.BOOLEAN;
        } else if (node.isNull()) {
            return Kind.NULL;
        }
        throw new IllegalArgumentException("unexpected JSON node " + node.getNodeType());
    }
}
