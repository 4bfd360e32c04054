package dev.paperboy.web;

import static dev.paperboy.web.CommunityFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.web.CommunityFixtures.Scripted;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Submitting papers against the real server, with arXiv's API replayed from the recorded responses in
 * {@code fixtures/arxiv/arxiv-api-atom}. The clock stands a few days after 1605.08386 appeared, so that the
 * maximum-age rule lets it in; astro-ph/0601001 (2006) is too old. arXiv asks for 3 s between requests, which
 * the server keeps, so the lookups here are few: one per case that needs arXiv.
 */
class SubmissionTest {
    private static final Instant NOW = Instant.parse("2016-06-01T10:00:00Z");
    private static final String TODAY = "2016-06-01";
    private static final Map<String, String> RECORDED = Map.of(
            "1605.08386", "id_1605.08386.atom.xml",
            "astro-ph/0601001", "id_astro-ph_0601001_affiliations_journalref.atom.xml",
            "1501.00001", "empty_result_id_0000.0000.atom.xml");

    private static HttpServer arxiv;
    private static final List<String> lookups = new CopyOnWriteArrayList<>();
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        arxiv = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        arxiv.createContext("/api/query", exchange -> {
            String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
            String ids = query.replaceAll(".*id_list=([^&]*).*", "$1");
            lookups.add(ids);
            // Anything not recorded gets arXiv's error feed, with the status arXiv sends it with.
            String file = RECORDED.getOrDefault(ids, "error_bad_id_http400.atom.xml");
            byte[] body = Files.readAllBytes(TestApp.shared("fixtures/arxiv/arxiv-api-atom/" + file));
            exchange.getResponseHeaders().add("Content-Type", "application/atom+xml; charset=utf-8");
            exchange.sendResponseHeaders(RECORDED.containsKey(ids) ? 200 : 400, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        arxiv.start();
        app = TestApp.create(false, NOW, Map.of(
                "arxiv.api-base-url", "http://127.0.0.1:" + arxiv.getAddress().getPort() + "/api/query",
                "submit.per-day", "1",
                "ratelimit.login", "1000/1m"));
        // An older day of the feed, so "today" is a day of its own.
        CommunityFixtures.paperInFeed(app, "1605.00100", 4, Instant.parse("2016-05-31T09:00:00Z"));
        CommunityFixtures.paperOutsideFeed(app, "1605.07000", LocalDate.parse("2016-05-30"));
        CommunityFixtures.paperOutsideFeed(app, "1605.03000", LocalDate.parse("2016-05-10"));
        app.start();
    }

    @AfterAll
    static void stop() {
        app.close();
        arxiv.stop(0);
    }

    @Test
    void a_paper_arxiv_knows_is_fetched_and_joins_todays_feed_with_its_submitter() {
        Scripted alice = CommunityFixtures.member(app, "alice@example.org", Role.MEMBER);

        var response = Member.bearer(app, alice.token(), "POST", "/api/papers/submit",
                "{\"paper_id\": \"https://arxiv.org/abs/1605.08386v1\", \"comment\": \"A classic.\"}");

        JsonNode item = json(response, 201);
        assertThat(item.path("duplicate").asBoolean()).isFalse();
        assertThat(item.path("paper").path("id").asText()).isEqualTo("1605.08386");
        assertThat(item.path("title").asText()).isEqualTo("Heat-bath random walks with Markov bases");
        assertThat(item.path("submittedBy").path("fullname").asText()).isEqualTo("alice");
        assertThat(lookups).contains("1605.08386");

        JsonNode today = json(app.get("/api/daily_papers?date=" + TODAY), 200);
        JsonNode entry = null;
        for (JsonNode i : today) {
            entry = i.path("paper").path("id").asText().equals("1605.08386") ? i : entry;
        }
        assertThat(entry).as("1605.08386 in the feed of " + TODAY).isNotNull();
        assertThat(entry.path("paper").path("submittedOnDailyBy").path("user").asText()).isEqualTo("alice");
        assertThat(entry.path("paper").path("submittedOnDailyAt").asText()).isEqualTo("2016-06-01T10:00:00.000Z");
        assertThat(json(app.get("/api/daily_papers?submitter=alice"), 200).get(0).path("paper").path("id").asText())
                .isEqualTo("1605.08386");
        assertThat(app.get("/papers/date/" + TODAY).body()).contains("data-paper-id=\"1605.08386\"").contains("submitted by alice");
        assertThat(CommunityFixtures.sql(app, "SELECT COUNT(*) FROM submissions WHERE paper_id = '1605.08386' "
                + "AND comment = 'A classic.' AND user_id = ?", alice.user().id())).isEqualTo(1);

        // The daily quota (submit.per-day=1) is used: the next one is refused before arXiv is asked.
        int asked = lookups.size();
        var second = Member.bearer(app, alice.token(), "POST", "/api/papers/submit", "{\"paper_id\": \"1605.09999\"}");
        assertThat(json(second, 400).path("error").asText()).contains("submitted 1 papers in the last 24 hours");
        assertThat(lookups).hasSize(asked);
        assertThat(app.app().catalogue().find("1605.09999")).isEmpty();
    }

    @Test
    void a_duplicate_returns_the_existing_paper_in_the_api_and_sends_the_form_to_its_page() {
        Scripted bob = CommunityFixtures.member(app, "bob@example.org", Role.MEMBER);
        var member = Member.signedIn(app, "erin@example.org", Role.MEMBER);
        int asked = lookups.size();

        JsonNode api = json(Member.bearer(app, bob.token(), "POST", "/api/papers/submit",
                "{\"paper_id\": \"https://arxiv.org/pdf/1605.00100v2.pdf\"}"), 200);
        var form = member.postForm("/papers/submit", Map.of("paper_id", "arXiv:1605.00100", "comment", ""));

        assertThat(api.path("duplicate").asBoolean()).isTrue();
        assertThat(api.path("paper").path("id").asText()).isEqualTo("1605.00100");
        assertThat(api.path("paper").path("upvotes").asInt()).isEqualTo(4);
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(form.headers().firstValue("Location")).hasValue("/papers/1605.00100?already=1");
        assertThat(lookups).hasSize(asked);
        assertThat(CommunityFixtures.sql(app, "SELECT COUNT(*) FROM submissions WHERE paper_id = '1605.00100'")).isZero();
        // A duplicate is not a submission: the quota of one is still there to use.
        assertThat(CommunityFixtures.sql(app, "SELECT COUNT(*) FROM submissions WHERE user_id = ?", bob.user().id())).isZero();
    }

    @Test
    void a_paper_already_in_the_catalogue_joins_the_feed_through_the_form_without_asking_arxiv() {
        var dave = Member.signedIn(app, "dave@example.org", Role.MEMBER);
        int asked = lookups.size();

        var response = dave.postForm("/papers/submit", Map.of("paper_id", "1605.07000v3", "comment", "Worth a look"));

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/papers/1605.07000");
        assertThat(lookups).hasSize(asked);
        var placement = app.app().catalogue().find("1605.07000").orElseThrow().placement();
        assertThat(placement.day()).isEqualTo(LocalDate.parse(TODAY));
        assertThat(placement.submitter()).isEqualTo("dave");
        assertThat(placement.enteredAt()).isEqualTo(NOW);
    }

    @Test
    void a_paper_older_than_the_maximum_age_is_refused_with_the_day_it_appeared() {
        Scripted frank = CommunityFixtures.member(app, "frank@example.org", Role.MEMBER);

        var fetched = Member.bearer(app, frank.token(), "POST", "/api/papers/submit", "{\"paper_id\": \"astro-ph/0601001\"}");
        var known = Member.bearer(app, frank.token(), "POST", "/api/papers/submit", "{\"paper_id\": \"1605.03000\"}");

        assertThat(json(fetched, 400).path("error").asText())
                .contains("up to 14 days").contains("astro-ph/0601001 appeared on 2006-01-02");
        assertThat(json(known, 400).path("error").asText()).contains("1605.03000 appeared on 2016-05-10");
        assertThat(app.app().catalogue().find("astro-ph/0601001")).isEmpty();
        assertThat(app.app().catalogue().find("1605.03000").orElseThrow().placement()).isNull();
    }

    @Test
    void arxivs_error_feed_becomes_a_400_that_quotes_arxivs_message() {
        Scripted grace = CommunityFixtures.member(app, "grace@example.org", Role.MEMBER);
        var member = Member.signedIn(app, "heidi@example.org", Role.MEMBER);

        var api = Member.bearer(app, grace.token(), "POST", "/api/papers/submit", "{\"paper_id\": \"1605.00001\"}");

        assertThat(json(api, 400).path("error").asText()).isEqualTo("arXiv says: incorrect id format for abc");
        assertThat(app.app().catalogue().find("1605.00001")).isEmpty();

        // The same through the form: an error page with arXiv's words, not a server error.
        var form = member.postForm("/papers/submit", Map.of("paper_id", "1605.00001"));
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(form.body()).contains("arXiv says: incorrect id format for abc");
    }

    @Test
    void an_id_arxiv_has_no_paper_for_is_a_400_saying_so() {
        Scripted ivan = CommunityFixtures.member(app, "ivan@example.org", Role.MEMBER);

        var response = Member.bearer(app, ivan.token(), "POST", "/api/papers/submit", "{\"paper_id\": \"arXiv:1501.00001\"}");

        assertThat(json(response, 400).path("error").asText()).isEqualTo("arXiv has no paper 1501.00001. Check the id.");
        assertThat(app.app().catalogue().find("1501.00001")).isEmpty();
    }

    @Test
    void something_that_is_not_an_arxiv_id_is_a_400_without_asking_arxiv() {
        Scripted judy = CommunityFixtures.member(app, "judy@example.org", Role.MEMBER);
        int asked = lookups.size();

        for (String body : List.of("{\"paper_id\": \"https://example.org/abs/1605.08386\"}", "{\"paper_id\": \"hello\"}",
                "{\"comment\": \"no id\"}", "{\"paper_id\": 1605.08386}")) {
            var response = Member.bearer(app, judy.token(), "POST", "/api/papers/submit", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isNotBlank();
        }
        var tooLong = Member.bearer(app, judy.token(), "POST", "/api/papers/submit",
                "{\"paper_id\": \"1605.07000\", \"comment\": \"" + "c".repeat(1_001) + "\"}");
        assertThat(json(tooLong, 400).path("error").asText()).contains("1,000 characters");
        assertThat(lookups).hasSize(asked);
    }

    @Test
    void the_maximum_age_is_the_operators_setting() {
        try (var lenient = TestApp.create(false, NOW, Map.of("submit.max-age-days", "30", "arxiv.api-base-url",
                "http://127.0.0.1:1/unused"))) {
            CommunityFixtures.paperOutsideFeed(lenient, "1605.03000", LocalDate.parse("2016-05-10"));
            lenient.start();
            Scripted kim = CommunityFixtures.member(lenient, "kim@example.org", Role.MEMBER);

            var response = Member.bearer(lenient, kim.token(), "POST", "/api/papers/submit", "{\"paper_id\": \"1605.03000\"}");

            assertThat(json(response, 201).path("paper").path("id").asText()).isEqualTo("1605.03000");
            assertThat(lenient.get("/papers/submit").body()).contains("30 days");
        }
    }
}
