package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.ingest.ImportReport;
import dev.paperboy.ingest.Progress;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One paper's page, in every id form, as HTML and as Markdown. */
class PaperPageTest {
    private static final String ADADAGRAD = "AdAdaGrad: Adaptive Batch Size Schemes for Adaptive Gradient Methods";

    // Made-up records in the arXiv snapshot format: an old-style id, and a paper whose text is hostile to HTML.
    // The second is in cs.LG and first appeared on 31 December 2025, so it also enters the feed of that day.
    private static final String OLD_STYLE = """
            {"id":"hep-th/9901001","submitter":"Ann Author","authors":"Ann Author, Ben Writer","title":"Branes on an old-style identifier","comments":"12 pages","journal-ref":null,"doi":null,"report-no":null,"categories":"hep-th","license":null,"abstract":"  We study branes whose arXiv identifier\\npredates the 2007 scheme.\\n","versions":[{"version":"v1","created":"Fri, 1 Jan 1999 10:00:00 GMT"}],"update_date":"1999-01-01","authors_parsed":[["Author","Ann",""],["Writer","Ben",""]]}
            """;
    private static final String HOSTILE = """
            {"id":"2512.99001","submitter":"Eve","authors":"Eve Hacker","title":"Bounds <script>alert(1)</script> & friends when $x<y$","comments":null,"journal-ref":null,"doi":null,"report-no":null,"categories":"cs.LG","license":null,"abstract":"We prove $x<y$ & more. <script>alert(1)</script> Code: https://github.com/acme/widget. Project page: https://acme.github.io/widget/","versions":[{"version":"v1","created":"Wed, 31 Dec 2025 08:00:00 GMT"}],"update_date":"2025-12-31","authors_parsed":[["Hacker","Eve",""]]}
            """;

    private static TestApp app;

    @BeforeAll
    static void start() throws IOException {
        app = TestApp.withDemo().start();
        Path snapshot = Files.writeString(app.dataDir().resolve("snapshot-lines.jsonl"), OLD_STYLE + HOSTILE);
        ImportReport report = app.app().snapshotImporter().importFile(snapshot, Progress.NONE);
        assertThat(report.problems()).isEmpty();
        assertThat(report.counts().inserted()).isEqualTo(2);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_paper_page_shows_title_authors_abstract_links_and_bibtex() {
        var response = app.get("/papers/2402.11215");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body())
                .contains("<h1 class=\"math\">" + ADADAGRAD + "</h1>")
                .contains("<p class=\"authors\">Tim Tsz-Kit Lau, Han Liu, Mladen Kolar</p>")
                .contains("<p class=\"abstract math\">The choice of batch sizes in stochastic gradient optimizers is critical")
                .contains("href=\"https://arxiv.org/abs/2402.11215\"")
                .contains("href=\"https://arxiv.org/pdf/2402.11215\"")
                .contains("<link rel=\"canonical\" href=\"/papers/2402.11215\">")
                .contains("@misc{lau2024adadagrad,")
                .contains("title={{" + ADADAGRAD + "}}")
                .contains("author={Tim Tsz-Kit Lau and Han Liu and Mladen Kolar}")
                .contains("eprint={2402.11215}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2402.11215v2", "arXiv:2402.11215", "ARXIV:2402.11215v1", "https://arxiv.org/abs/2402.11215"})
    void another_form_of_the_id_redirects_permanently_to_the_canonical_page(String form) {
        var response = app.get("/papers/" + form);

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("/papers/2402.11215");
    }

    @Test
    void a_url_encoded_arxiv_link_redirects_to_the_canonical_page() {
        String encoded = URLEncoder.encode("https://arxiv.org/pdf/2402.11215v3", StandardCharsets.UTF_8);

        var response = app.get("/papers/" + encoded);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("/papers/2402.11215");
    }

    @Test
    void a_versioned_markdown_address_redirects_to_the_canonical_markdown() {
        var response = app.get("/papers/2402.11215v2.md");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("/papers/2402.11215.md");
    }

    @Test
    void an_old_style_id_with_a_slash_has_its_own_page() {
        var response = app.get("/papers/hep-th/9901001");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("<h1 class=\"math\">Branes on an old-style identifier</h1>")
                .contains("Ann Author, Ben Writer")
                .contains("We study branes whose arXiv identifier predates the 2007 scheme.")
                .contains("href=\"https://arxiv.org/abs/hep-th/9901001\"")
                .contains("eprint={hep-th/9901001}");
    }

    @Test
    void an_old_style_id_with_a_version_redirects_to_its_page() {
        var response = app.get("/papers/hep-th/9901001v1");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("/papers/hep-th/9901001");
    }

    @Test
    void an_unknown_paper_is_a_friendly_404_page() {
        var response = app.get("/papers/2402.99999");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body())
                .contains("Paperboy has no paper 2402.99999 yet")
                .contains("href=\"/papers\"")
                .doesNotContain("Exception");
    }

    @Test
    void something_that_is_not_an_arxiv_id_is_a_400_page_showing_what_one_looks_like() {
        var response = app.get("/papers/not-an-id");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("Not an arXiv id").contains("not-an-id").contains("2402.11215").contains("hep-th/9901001");
    }

    @Test
    void the_md_address_returns_the_paper_as_markdown() {
        assertMarkdown(app.get("/papers/2402.11215.md"));
    }

    @Test
    void asking_for_markdown_returns_the_paper_as_markdown() {
        assertMarkdown(app.get("/papers/2402.11215", "text/markdown"));
    }

    @Test
    void asking_for_html_after_markdown_still_returns_html() {
        app.get("/papers/2402.11215", "text/markdown");

        var response = app.get("/papers/2402.11215", "text/html");

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body().strip()).startsWith("<!doctype html>");
    }

    private static void assertMarkdown(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/markdown"));
        assertThat(response.body())
                .startsWith("# " + ADADAGRAD + "\n")
                .contains("**Authors:** Tim Tsz-Kit Lau, Han Liu, Mladen Kolar")
                .contains("[PDF](https://arxiv.org/pdf/2402.11215)")
                .contains("## Abstract\n\nThe choice of batch sizes in stochastic gradient optimizers is critical")
                .doesNotContain("<html", "<p");
    }

    @Test
    void code_links_in_the_abstract_become_links_on_the_page() {
        var body = app.get("/papers/2512.99001").body();

        assertThat(body)
                .contains("<a class=\"button code\" href=\"https://github.com/acme/widget\" rel=\"nofollow noopener\">github.com/acme/widget</a>")
                .contains("<a class=\"button code\" href=\"https://acme.github.io/widget\" rel=\"nofollow noopener\">acme.github.io/widget</a>");
    }

    @Test
    void a_paper_with_code_in_its_hugging_face_record_links_to_it() {
        var body = app.get("/papers/2512.23675").body();

        assertThat(body).contains("href=\"https://github.com/test-time-training/e2e\"");
    }

    @Test
    void markup_in_a_title_or_abstract_is_shown_as_text_never_run() {
        var body = app.get("/papers/2512.99001").body();

        assertThat(body)
                .doesNotContain("<script>alert(1)</script>")
                .doesNotContain("<script>alert")
                .contains("<h1 class=\"math\">Bounds &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends when $x&lt;y$</h1>")
                .contains("We prove $x&lt;y$ &amp; more. &lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("<title>Bounds &lt;script&gt;");
    }

    @Test
    void markup_in_a_title_is_shown_as_text_on_the_feed_card_too() {
        var body = app.get("/papers").body();

        assertThat(body).contains("data-paper-id=\"2512.99001\"").doesNotContain("<script>alert");
        // The card renders the simple TeX itself: its letters and the escaped "<" become HTML, never the script.
        assertThat(body).contains("Bounds &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends when "
                + "<span class=\"tex\"><i>x</i>\u00a0&lt; <i>y</i></span>");
    }

    @Test
    void a_paper_from_today_is_marked_new_on_its_page() {
        assertThat(app.get("/papers/2512.99001").body()).contains("<span class=\"badge new\">new</span>");
        assertThat(app.get("/papers/2402.11215").body()).doesNotContain("<span class=\"badge new\">new</span>");
    }
}
