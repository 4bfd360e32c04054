package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an attacker tries against the HTTP layer: tokens that should not work, a forged {@code Host}, content
 * negotiation that could mix up cached representations, and pages without protective headers. The server caches
 * responses for a minute here, so a cache hit is what each attack meets.
 */
class WebSecurityTest {
    private static final String PAPER = "2512.99301";
    private static final String EVERY_ROUTE_SOURCE = "src/main/java/dev/paperboy/web/WebServer.java";

    private static TestApp app;
    private static User owner;
    private static HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false", "server.cache-ttl", "60")).start();
        Fixtures.paper(app, PAPER);
        owner = Fixtures.member(app, "owner@example.org", "Owner", Role.MEMBER);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> bearer(String method, String path, String token) {
        return send(method, path, Map.of("Authorization", "Bearer " + token));
    }

    /** A request written byte by byte, for the headers Java's HTTP client will not let us set (Host). */
    private static String raw(String request) {
        int port = URI.create(app.baseUrl()).getPort();
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Item 12: cached pages must not skip authentication.

    @Test
    void an_unknown_bearer_token_gets_401_even_where_the_page_is_in_the_cache() {
        for (String path : List.of("/papers", "/api/daily_papers?limit=2", "/papers/" + PAPER, "/api/papers/" + PAPER)) {
            assertThat(app.get(path).statusCode()).isEqualTo(200);
            assertThat(app.get(path).headers().firstValue("X-Cache")).contains("hit");

            var response = bearer("GET", path, "pb_not-a-token-anyone-was-given");

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("X-Cache")).isEmpty();
        }
    }

    @Test
    void a_revoked_token_gets_401_on_a_cached_api_list() {
        var tokens = app.app().community().tokens();
        var created = tokens.create(owner, "soon revoked");
        assertThat(bearer("GET", "/api/library", created.secret()).statusCode()).isEqualTo(200);
        tokens.revoke(owner, created.token().id());
        app.get("/api/daily_papers?limit=4");

        assertThat(bearer("GET", "/api/daily_papers?limit=4", created.secret()).statusCode()).isEqualTo(401);
        assertThat(bearer("GET", "/api/library", created.secret()).statusCode()).isEqualTo(401);
    }

    // Item 5: the Host header must not poison the cache; negotiated representations must not mix.

    @Test
    void a_forged_host_header_never_reaches_links_served_to_others() {
        String poisoned = raw("GET /api/daily_papers?limit=3 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(poisoned).startsWith("HTTP/1.1 200").doesNotContain("evil.example");

        var next = app.get("/api/daily_papers?limit=3");

        assertThat(next.headers().firstValue("X-Cache")).contains("hit");
        assertThat(next.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link)
                .doesNotContain("evil.example")
                .startsWith("<" + app.app().baseUrl() + "/api/daily_papers?limit=3&p=1>"));
    }

    @Test
    void markdown_and_html_of_a_paper_page_are_cached_apart_and_say_they_vary_by_accept() {
        var html = app.get("/papers/" + PAPER, "text/html, text/markdown");
        var markdown = app.get("/papers/" + PAPER, "text/markdown");
        var markdownAgain = app.get("/papers/" + PAPER, "text/markdown");
        var htmlAgain = app.get("/papers/" + PAPER, "text/html, text/markdown");

        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(markdown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/markdown"));
        assertThat(markdownAgain.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/markdown"));
        assertThat(markdownAgain.headers().firstValue("X-Cache")).contains("hit");
        assertThat(htmlAgain.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        for (var r : List.of(html, markdown, markdownAgain, htmlAgain)) {
            assertThat(r.headers().firstValue("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Accept,", "Accept-Encoding"));
        }
    }

    // Item 6: with no server.base-url, links follow the port actually served.

    @Test
    void without_a_base_url_links_use_the_port_actually_served() {
        int port = URI.create(app.baseUrl()).getPort();
        String base = "http://localhost:" + port;

        assertThat(app.app().baseUrl()).isEqualTo(base);
        assertThat(app.get("/papers/feed.atom").body()).contains(base + "/papers/").doesNotContain("localhost:8080");
        assertThat(app.app().community().accounts().setupLink(owner)).startsWith(base + "/reset?token=");
    }

    // Item 8: API tokens act on the API only.

    @Test
    void a_token_cannot_open_settings_mint_tokens_or_delete_the_account() {
        String token = app.app().community().tokens().create(owner, "script").secret();
        long tokensBefore = app.app().community().tokens().list(owner).size();

        var settings = bearer("GET", "/settings", token);
        var export = bearer("GET", "/settings/export", token);
        var mint = send("POST", "/settings/tokens", Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/x-www-form-urlencoded"));
        var delete = send("POST", "/settings/delete", Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/x-www-form-urlencoded"));

        assertThat(settings.statusCode()).isEqualTo(403);
        assertThat(settings.body()).contains("API token works on the API").doesNotContain("/feeds/library/");
        assertThat(export.statusCode()).isEqualTo(403);
        assertThat(mint.statusCode()).isEqualTo(403);
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(app.app().community().tokens().list(owner)).hasSize((int) tokensBefore);
        assertThat(app.app().community().accounts().byEmail("owner@example.org")).isPresent();
        // The API itself still works with it.
        assertThat(bearer("GET", "/api/library", token).statusCode()).isEqualTo(200);
        assertThat(bearer("POST", "/api/papers/" + PAPER + "/upvote", token).statusCode()).isEqualTo(200);
    }

    @Test
    void changing_the_password_revokes_every_token_and_the_page_says_so() {
        Fixtures.member(app, "changer@example.org", "Changer", Role.MEMBER);
        User changer = app.app().community().accounts().byEmail("changer@example.org").orElseThrow();
        String token = app.app().community().tokens().create(changer, "script").secret();
        var client = Fixtures.loggedIn(app, null, "changer@example.org");

        var changed = client.postForm("/settings/password", Map.of("current", Fixtures.password("changer@example.org"),
                "password", "a brand new long password"));

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("API tokens were revoked");
        assertThat(bearer("GET", "/api/library", token).statusCode()).isEqualTo(401);
    }

    @Test
    void resetting_the_password_revokes_every_token() {
        Fixtures.member(app, "resetter@example.org", "Resetter", Role.MEMBER);
        var accounts = app.app().community().accounts();
        User resetter = accounts.byEmail("resetter@example.org").orElseThrow();
        String token = app.app().community().tokens().create(resetter, "script").secret();
        String link = accounts.setupLink(resetter);

        accounts.resetPassword(link.substring(link.indexOf("token=") + 6), "another long password");

        assertThat(bearer("GET", "/api/library", token).statusCode()).isEqualTo(401);
    }

    // Item 13: security headers on every route.

    /** Every route WebServer registers, with its placeholders filled in: a new route is covered without editing this. */
    private static List<String[]> everyRoute() throws IOException {
        var routes = new ArrayList<String[]>();
        var m = Pattern.compile("config\\.routes\\.(get|post|put|patch|delete)\\(\"([^\"]+)\"")
                .matcher(Files.readString(Path.of(EVERY_ROUTE_SOURCE)));
        while (m.find()) {
            String path = m.group(2).replace("{date}", "2025-12-31").replace("{week}", "2025-W52")
                    .replace("{month}", "2025-12").replace("<id>", PAPER).replace("{id}", "nosuchid")
                    .replace("{token}", "nosuchtoken");
            routes.add(new String[] {m.group(1).toUpperCase(java.util.Locale.ROOT), path});
        }
        assertThat(routes).hasSizeGreaterThan(50);
        return routes;
    }

    @Test
    void every_route_answers_with_the_security_headers_whatever_its_status() throws IOException {
        var all = new ArrayList<>(everyRoute());
        all.add(new String[] {"GET", "/static/app.css"});
        all.add(new String[] {"GET", "/webjars/katex/0.16.4/dist/katex.min.js"});
        all.add(new String[] {"GET", "/no/such/page"});
        all.add(new String[] {"GET", "/papers"}); // again: a cache hit
        var member = Fixtures.loggedIn(app, null, "owner@example.org");
        for (String[] route : all) {
            for (var response : List.of(send(route[0], route[1], Map.of()),
                    member.send(HttpRequest.newBuilder(member.uri(route[1])).method(route[0], HttpRequest.BodyPublishers.noBody())))) {
                String what = route[0] + " " + route[1] + " → " + response.statusCode();
                assertThat(response.statusCode()).as(what).isLessThan(500);
                var h = response.headers();
                assertThat(h.firstValue("Content-Security-Policy").orElse("none")).as(what).isIn(route[1].equals("/digest/preview")
                        ? List.of(SecurityHeaders.MAIL_PREVIEW_POLICY, SecurityHeaders.CONTENT_SECURITY_POLICY)
                        : List.of(SecurityHeaders.CONTENT_SECURITY_POLICY));
                assertThat(h.firstValue("Content-Security-Policy").orElseThrow()).as(what)
                        .contains("frame-ancestors 'none'").doesNotContain("script-src 'unsafe", "default-src *");
                assertThat(h.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
                assertThat(h.firstValue("Referrer-Policy")).as(what).contains("strict-origin-when-cross-origin");
                assertThat(h.firstValue("Strict-Transport-Security")).as(what + ": plain HTTP, no HSTS").isEmpty();
            }
        }
    }

    @Test
    void the_pages_have_no_inline_script_style_or_event_handler_that_the_policy_would_block() throws IOException {
        var member = Fixtures.loggedIn(app, null, "owner@example.org");
        var inline = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|\\son[a-z]+\\s*=|\\sstyle\\s*=|<style[\\s>]|javascript:",
                Pattern.CASE_INSENSITIVE);
        for (String[] route : everyRoute()) {
            // The digest preview is a mail's HTML, styled inline as mail clients need; its own policy allows that.
            if (!route[0].equals("GET") || route[1].equals("/digest/preview")) {
                continue;
            }
            for (var response : List.of(send("GET", route[1], Map.of()), member.get(route[1]))) {
                if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
                    assertThat(inline.matcher(response.body()).find()).as(route[1]).isFalse();
                }
            }
        }
    }

    @Test
    void behind_tls_every_response_also_gets_hsts() {
        try (var tls = TestApp.withDemo(Map.of("search.embed", "false", "server.base-url", "https://papers.example.org")).start()) {
            for (String path : List.of("/papers", "/papers", "/api/daily_papers", "/no/such/page", "/static/app.css")) {
                assertThat(tls.get(path).headers().firstValue("Strict-Transport-Security")).as(path).contains(SecurityHeaders.HSTS);
            }
        }
    }
}
