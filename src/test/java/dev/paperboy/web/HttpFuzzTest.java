package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated HTTP requests against the real server: every route, with generated path values, query parameters
 * (known and unknown, repeated), headers, and JSON or not-JSON bodies, signed in or not. No request may get a 5xx
 * and nothing may be logged at ERROR.
 *
 * <p>CI runs jqwik's default 1,000 tries with a fixed seed. The long run, 100,000 requests:
 * {@code ./mvnw -o test -Dtest=HttpFuzzTest -Djqwik.tries.default=100000}.
 */
class HttpFuzzTest {
    private static TestApp app;
    private static HttpClient http;
    private static String token;
    private static String paperId;
    private static final ErrorLines ERRORS = new ErrorLines();
    private static PrintStream originalErr;

    /** Method and path template of every route; {id}, {n} and {token} are filled in by the generator. */
    private static final List<String> ROUTES = List.of(
            "GET /", "GET /papers", "GET /papers/trending", "GET /papers/submit", "POST /papers/submit",
            "GET /papers/date/{date}", "GET /papers/week/{week}", "GET /papers/month/{month}", "GET /search",
            "GET /papers/feed.atom", "GET /papers/trending.atom", "GET /search.atom", "GET /feeds/library/{token}",
            "POST /papers/{id}/upvote", "POST /papers/{id}/save", "POST /papers/{id}/comments", "GET /papers/{id}",
            "POST /comments/{n}/edit", "POST /comments/{n}/delete", "POST /comments/{n}/hide", "GET /library",
            "GET /library.bib", "GET /library.json", "GET /admin/users", "POST /admin/users/role", "GET /signup",
            "POST /signup", "GET /verify", "POST /verify/resend", "GET /login", "POST /login", "POST /logout",
            "GET /forgot", "POST /forgot", "GET /reset", "POST /reset", "GET /settings", "POST /settings/password",
            "POST /settings/tokens", "POST /settings/tokens/{n}/revoke", "GET /settings/export", "GET /subscribe",
            "POST /subscribe", "GET /subscribe/confirm", "GET /subscribe/manage", "POST /subscribe/manage",
            "GET /unsubscribe", "POST /unsubscribe", "GET /settings/digest", "POST /settings/digest",
            "GET /digest/preview", "POST /api/subscriptions", "GET /api/daily_papers", "GET /api/papers/search",
            "POST /api/papers/submit", "POST /api/papers/{id}/upvote", "DELETE /api/papers/{id}/upvote",
            "GET /api/papers/{id}/comments", "POST /api/papers/{id}/comments", "PATCH /api/comments/{n}",
            "DELETE /api/comments/{n}", "POST /api/comments/{n}/hide", "GET /api/library", "PUT /api/library/{id}",
            "DELETE /api/library/{id}", "PUT /api/admin/users/role", "GET /api/papers/{id}/similar",
            "GET /api/papers/{id}", "GET /healthz", "GET /readyz", "GET /status", "GET /api/status",
            "HEAD /papers", "OPTIONS /papers", "GET /static/{n}", "GET /no/such/{n}");

    private static final List<String> PARAMETERS = List.of("q", "p", "limit", "page", "sort", "date", "week", "month",
            "category", "from", "to", "code", "submitter", "next", "token", "email", "frequency", "id", "cat", "x");

    @BeforeContainer
    static void start() {
        // Search at full size with no per-client limits: the fuzzer is one client sending thousands of requests.
        app = TestApp.withDemo(Map.of("search.embed", "false", "ratelimit.search", "1000000/1s",
                "search.per-client", "1000", "ratelimit.login", "1000000/1s", "ratelimit.signup", "1000000/1s",
                "ratelimit.reset", "1000000/1s", "ratelimit.submit", "1000000/1s", "ratelimit.subscribe", "1000000/1s")).start();
        token = CommunityFixtures.member(app, "fuzz@example.org", Role.MEMBER).token();
        paperId = app.app().catalogue().feed(dev.paperboy.paper.Catalogue.FeedQuery.all(),
                dev.paperboy.paper.Catalogue.Order.NEWEST, 0, 1).getFirst().paper().id();
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, ERRORS), true, StandardCharsets.UTF_8));
    }

    @AfterContainer
    static void stop() {
        System.setErr(originalErr);
        http.close();
        app.close();
    }

    record Fuzzed(String method, String path, List<String[]> params, Map<String, String> headers, String body,
            boolean authorised) {
        @Override
        public String toString() {
            return method + " " + path + " params=" + params.stream().map(p -> p[0] + "=" + p[1]).toList()
                    + " headers=" + headers + " body=" + (body == null ? null : body.length() > 200 ? body.substring(0, 200) + "…" : body);
        }
    }

    @Property(seed = "20261130")
    void no_generated_request_gets_a_server_error_or_logs_an_error(@ForAll("requests") Fuzzed request) throws Exception {
        var uri = new StringBuilder(app.baseUrl()).append(request.path());
        for (int i = 0; i < request.params().size(); i++) {
            uri.append(i == 0 ? '?' : '&').append(enc(request.params().get(i)[0])).append('=').append(enc(request.params().get(i)[1]));
        }
        var builder = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofMinutes(2));
        request.headers().forEach(builder::header);
        if (request.authorised()) {
            builder.header("Authorization", "Bearer " + token);
        }
        builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body()));
        int before = ERRORS.count();

        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // The client reused a keep-alive connection the server had closed after an earlier refused request
            // (Jetty closes one whose body it did not read): send again, on a fresh connection.
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }

        assertThat(response.statusCode()).as("%s → %s", request, response.body()).isLessThan(500);
        assertThat(ERRORS.count()).as("ERROR logged for %s: %s", request, ERRORS.last()).isEqualTo(before);
    }

    @Provide
    Arbitrary<Fuzzed> requests() {
        Arbitrary<String> route = Arbitraries.of(ROUTES);
        Arbitrary<List<String[]>> params = Combinators.combine(Arbitraries.of(PARAMETERS), values())
                .as((name, value) -> new String[] {name, value}).list().ofMaxSize(4);
        Arbitrary<Map<String, String>> headers = Arbitraries.maps(
                Arbitraries.of("Accept", "Content-Type", "Cookie", "X-Forwarded-For", "Referer", "Accept-Encoding", "X-CSRF-Token"),
                Arbitraries.oneOf(values().map(v -> v.replaceAll("[^\\x20-\\x7e]", "")), Arbitraries.of("application/json", "text/html", "text/markdown",
                        "text/html, text/markdown", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "*/*", "gzip", "pb_session=garbage", "1.2.3.4, 5.6.7.8"))).ofMaxSize(3);
        Arbitrary<String> body = Arbitraries.oneOf(Arbitraries.just(null), json(), values());
        return Combinators.combine(route, pathValues(), params, headers, body, Arbitraries.of(true, false))
                .as((r, value, p, h, b, auth) -> {
                    String method = r.substring(0, r.indexOf(' '));
                    String path = r.substring(r.indexOf(' ') + 1).replaceAll("\\{[a-z]+}", value);
                    return new Fuzzed(method, path, p, h, method.equals("GET") || method.equals("HEAD") ? null : b, auth);
                });
    }

    /** What goes into a path segment: real ids and dates, near misses, and junk that is still a valid URI. */
    private Arbitrary<String> pathValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(paperIdOrFallback(), "2501.00001", "hep-th/9901001", "2501.00001v2", "2025-12-30",
                        "2025-W52", "2025-12", "1", "0", "-1", "99999999999999999999", "%00", "%2e%2e%2f", "..", "%F0%9F%98%80",
                        "%ED%A0%80", "abc", "2025-13-45", "arxiv.org%2Fabs%2F2501.00001"),
                Arbitraries.strings().withCharRange('0', 'z').ofMaxLength(40).map(HttpFuzzTest::enc));
    }

    private static String paperIdOrFallback() {
        return paperId == null ? "2501.00001" : paperId;
    }

    /** Parameter, header and body values: empty, huge, numeric edge cases, unicode, control characters. */
    private Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "0", "-1", "1e9", "2147483648", "NaN", "٣", "true", "null", "[]", "{}",
                        "2025-12-31", "2025-W01", "today", "trending", "publishedAt", "newest", "daily", "cs.LG",
                        "\"unclosed", "author:", "-", "<script>alert(1)</script>", "' OR 1=1 --", "a".repeat(300)),
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1_000).ofMaxLength(5_000));
    }

    /** JSON bodies, mostly well-formed, some with trailing garbage or of the wrong shape. */
    private Arbitrary<String> json() {
        Arbitrary<String> scalar = Arbitraries.oneOf(values().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"")
                        .replaceAll("[\\x00-\\x1f]", "") + "\""),
                Arbitraries.of("1", "-0", "1e400", "true", "null", "[]", "{}"));
        Arbitrary<String> object = Combinators.combine(
                        Arbitraries.of("text", "body", "id", "arxivId", "role", "email", "comment", "parentId", "name", "q"),
                        scalar).as((k, v) -> "\"" + k + "\":" + v)
                .list().ofMaxSize(4).map(fields -> "{" + String.join(",", fields) + "}");
        return Arbitraries.oneOf(object, object.map(o -> o + "garbage"), object.map(o -> "[" + o + "]"), scalar);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Counts log lines at ERROR written to standard error (where the server logs). */
    static final class ErrorLines {
        private final StringBuilder line = new StringBuilder();
        private int count;
        private String last;

        synchronized void write(int b) {
            if (b == '\n') {
                if (line.indexOf("[ERROR]") >= 0 || line.indexOf(" ERROR ") >= 0) {
                    count++;
                    last = line.toString();
                }
                line.setLength(0);
            } else if (line.length() < 10_000) {
                line.append((char) b);
            }
        }

        synchronized int count() {
            return count;
        }

        synchronized String last() {
            return last;
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream out;
        private final ErrorLines errors;

        Tee(OutputStream out, ErrorLines errors) {
            this.out = out;
            this.errors = errors;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            out.write(b);
            errors.write(b);
        }
    }
}
