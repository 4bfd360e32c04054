package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CSS, scripts and KaTeX go out compressed, with caching headers; a page and what it loads stay small. */
class StaticAssetsTest {
    private static final Pattern ASSET = Pattern.compile("(?:href|src|data-katex-[a-z]+)=\"(/(?:static|webjars)/[^\"]+)\"");
    private static TestApp app;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = TestApp.withDemo().start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void our_css_is_gzipped_for_clients_that_accept_it_and_revalidated_hourly() throws Exception {
        var plain = get("/static/app.css");
        var gzipped = get("/static/app.css", "Accept-Encoding", "gzip");

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Accept-Encoding"));
        assertThat(gzipped.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
        assertThat(new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body())).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void an_unchanged_file_is_answered_304_by_its_etag() throws Exception {
        String etag = get("/static/app.js").headers().firstValue("ETag").orElseThrow();

        var again = get("/static/app.js", "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void katex_is_kept_for_a_year_because_its_path_names_its_version() throws Exception {
        var js = get("/webjars/katex/0.16.4/dist/katex.min.js", "Accept-Encoding", "gzip, deflate, br");

        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(js.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(js.body().length).isLessThan(100_000);
    }

    @Test
    void nothing_outside_the_asset_folders_and_no_unknown_file_type_is_served() throws Exception {
        assertThat(get("/static/missing.css").statusCode()).isEqualTo(404);
        assertThat(get("/static/../paperboy-defaults.properties").statusCode()).isEqualTo(404);
        assertThat(get("/static/%2e%2e/paperboy-defaults.properties").statusCode()).isEqualTo(404);
        assertThat(get("/webjars/katex/0.16.4/package.json.class").statusCode()).isEqualTo(404);
    }

    @Test
    void a_page_with_math_and_every_file_it_links_stay_under_150_kb_compressed() throws Exception {
        var withTex = app.app().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT p.id FROM papers p JOIN feed_entries f ON f.paper_id = p.id WHERE p.abstract LIKE '%$%$%' ORDER BY p.id")
                .mapTo(String.class).list());
        String path = null;
        String html = null;
        for (String id : withTex) {
            String page = new String(get("/papers/" + id).body(), java.nio.charset.StandardCharsets.UTF_8);
            if (page.contains("katex.min.js")) {
                path = "/papers/" + id;
                html = page;
                break;
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(path != null, "no paper of the demo has TeX");

        long total = get(path, "Accept-Encoding", "gzip").body().length;
        var assets = new LinkedHashSet<String>();
        ASSET.matcher(html).results().forEach(m -> assets.add(m.group(1)));
        var sizes = new ArrayList<String>();
        for (String asset : assets) {
            var response = get(asset, "Accept-Encoding", "gzip");
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            total += response.body().length;
            sizes.add(asset + " " + response.body().length);
        }

        assertThat(assets).anyMatch(a -> a.contains("katex.min.js"));
        assertThat(total).as("bytes of %s and %s", path, sizes).isLessThanOrEqualTo(150 * 1024);
    }
}
