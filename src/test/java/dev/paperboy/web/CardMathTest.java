package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A feed page loads KaTeX only when its cards show TeX the server could not render itself. */
class CardMathTest {
    private static final String LATER = " Further down, where no card shows it: $\\frac{a}{b} \\leq \\sqrt{n}$.";
    private static final String PADDING = " We evaluate it on many benchmarks and report the results in detail.".repeat(5);

    private static TestApp app;

    @BeforeAll
    static void start() throws java.io.IOException {
        app = TestApp.empty();
        importDay("2025-12-30", "2512.99101", "Sampling bounds for $k$-sparse recovery in $\\mathbb{R}^n$",
                "We show that $O(k \\log n)$ samples suffice for $\\alpha\\in [0,1]$ when $x<y$." + PADDING + LATER);
        importDay("2025-12-31", "2512.99102", "A tighter rate for $\\ell_2$ regression",
                "The error falls as $\\frac{1}{\\sqrt{n}}$, which we prove." + PADDING);
        app.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static void importDay(String day, String id, String title, String abstractText)
            throws java.io.IOException {
        String json = """
                [{"paper": {"id": "%s", "title": "%s", "summary": "%s",
                  "authors": [{"name": "Ada Author", "hidden": false}], "publishedAt": "%sT00:00:00.000Z",
                  "submittedOnDailyAt": "%sT06:00:00.000Z", "upvotes": 5},
                  "publishedAt": "%sT06:00:00.000Z", "title": "%s", "numComments": 0}]
                """.formatted(id, jsonString(title), jsonString(abstractText), day, day, day, jsonString(title));
        var report = app.app().hfDailyImporter().importStream(day + ".json",
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(report.problems()).isEmpty();
    }

    private static String jsonString(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Test
    void a_feed_whose_cards_show_only_simple_tex_does_not_link_katex() {
        String page = app.get("/papers/date/2025-12-30").body();

        assertThat(page).contains("2512.99101")
                .contains("ℝ<sup><i>n</i></sup>")
                .contains("<i>O</i>(<i>k</i>\u2009log\u2009<i>n</i>)")
                .contains("<i>x</i>\u00a0&lt; <i>y</i>")
                .doesNotContain("katex.min.js").doesNotContain("math.js")
                .doesNotContain("$k$").doesNotContain("\\frac");
    }

    @Test
    void a_card_showing_a_fraction_links_katex_and_leaves_the_fraction_for_it() {
        String page = app.get("/papers/date/2025-12-31").body();

        assertThat(page).contains("katex.min.js").contains("katex.min.css").contains("/static/math.js")
                .contains("$\\frac{1}{\\sqrt{n}}$")
                .contains("ℓ<sub>2</sub>");
    }

    @Test
    void the_paper_page_the_markdown_and_the_feeds_keep_the_raw_tex() {
        assertThat(app.get("/papers/2512.99101").body()).contains("$k$-sparse").contains("katex.min.js");
        assertThat(app.get("/papers/2512.99101.md").body()).contains("$O(k \\log n)$");
        assertThat(app.get("/papers/feed.atom").body()).contains("$\\mathbb{R}^n$");
        assertThat(app.get("/api/papers/2512.99101").body()).contains("$\\\\mathbb{R}^n$");
    }
}
