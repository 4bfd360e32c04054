package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Input that is almost right is refused with a clear 400, never guessed at, stored as is, or answered with 500. */
class InputStrictnessTest {
    private static final String PAPER = "2512.99501";

    private static TestApp app;
    private static String token;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false", "ratelimit.comment", "1000/1m")).start();
        Fixtures.paper(app, PAPER);
        var member = Fixtures.member(app, "strict@example.org", "Strict", Role.MEMBER);
        token = app.app().community().tokens().create(member, "tests").secret();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> api(String method, String path, String contentType, String body) {
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long comments() {
        return DbState.count(app, "SELECT COUNT(*) FROM comments WHERE paper_id = ?", PAPER);
    }

    @Test
    void json_with_trailing_garbage_is_a_400_and_stores_nothing() {
        var response = api("POST", "/api/papers/" + PAPER + "/comments", "application/json", "{\"text\": \"hi\"} trailing");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not valid JSON");
        assertThat(DbState.count(app, "SELECT COUNT(*) FROM comments WHERE body = 'hi'")).isZero();
    }

    @Test
    void a_json_route_given_another_content_type_is_a_400() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            var response = api("POST", "/api/papers/" + PAPER + "/comments", type, "{\"text\": \"hi\"}");
            assertThat(response.statusCode()).as(String.valueOf(type)).isEqualTo(400);
            assertThat(response.body()).contains("Content-Type: application/json");
        }
        assertThat(DbState.count(app, "SELECT COUNT(*) FROM comments WHERE body = 'hi'")).isZero();
        assertThat(api("POST", "/api/papers/" + PAPER + "/comments", "application/json; charset=utf-8",
                "{\"text\": \"well formed\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void nul_and_lone_surrogates_in_text_are_refused_by_json_form_and_query() {
        long before = comments();
        var nul = api("POST", "/api/papers/" + PAPER + "/comments", "application/json", "{\"text\": \"a\\u0000b\"}");
        var surrogate = api("POST", "/api/papers/" + PAPER + "/comments", "application/json", "{\"text\": \"a\\ud800b\"}");
        var member = Fixtures.loggedIn(app, null, "strict@example.org");
        var form = member.postForm("/papers/" + PAPER + "/comments", Map.of("text", "a\u0000b"));
        var query = app.get("/search?q=a%00b");

        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.body()).contains("control character");
        assertThat(surrogate.statusCode()).isEqualTo(400);
        assertThat(surrogate.body()).contains("surrogate");
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(query.statusCode()).isEqualTo(400);
        assertThat(comments()).isEqualTo(before);
        // A paired surrogate (an emoji) and line breaks are ordinary text.
        assertThat(api("POST", "/api/papers/" + PAPER + "/comments", "application/json",
                "{\"text\": \"ok \\ud83d\\ude00\\r\\nnext line\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void non_ascii_digits_are_not_numbers() {
        for (String limit : List.of("%D9%A3", "%EF%BC%93", "%2B3", "3.0", "99999999999")) {
            var response = app.get("/api/daily_papers?limit=" + limit);
            assertThat(response.statusCode()).as(limit).isEqualTo(400);
            assertThat(response.body()).contains("limit");
        }
        assertThat(app.get("/api/daily_papers?limit=3").statusCode()).isEqualTo(200);
    }

    @Test
    void a_repeated_parameter_is_a_400_not_its_first_value() {
        var response = app.get("/api/daily_papers?limit=1&limit=100");
        var page = app.get("/papers?page=1&page=2");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("'limit' once");
        assertThat(page.statusCode()).isEqualTo(400);
    }

    @Test
    void head_answers_with_the_status_get_answers() {
        for (String path : List.of("/papers", "/api/daily_papers?limit=abc", "/papers/not-an-id", "/papers/" + PAPER,
                "/api/papers/2512.00000", "/search?q=a%00b", "/no/such/page")) {
            int get = app.get(path).statusCode();
            var head = send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as(path).isEqualTo(get);
            assertThat(head.body()).as(path).isEmpty();
        }
    }

    @Test
    void the_database_file_is_readable_by_its_owner_only() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.paperboy.TestDatabases.postgresql(), "the SQLite file: on PostgreSQL the server owns the files");
        var permissions = Files.getPosixFilePermissions(app.dataDir().resolve("paperboy.db"));

        assertThat(PosixFilePermissions.toString(permissions)).isEqualTo("rw-------");
    }
}
