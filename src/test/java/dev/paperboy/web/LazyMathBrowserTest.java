package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** On a list, KaTeX is fetched only when a card with TeX the server left for it comes near the screen. */
class LazyMathBrowserTest {
    private static final String FRACTION_PAPER = "2512.99209";

    @RegisterExtension
    static final HeadlessChromium.PerClass CHROMIUM = new HeadlessChromium.PerClass();

    @AutoClose
    private static TestApp app;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws java.io.IOException {
        app = TestApp.empty();
        var papers = new ArrayList<String>();
        for (int i = 1; i <= 8; i++) {
            papers.add(paper("2512.9920" + i, "Plain paper number " + i + " about robust optimisation",
                    "We study a plain question without formulas and answer it with experiments on many benchmarks.", 100 - i));
        }
        papers.add(paper(FRACTION_PAPER, "A rate of $\\\\frac{1}{\\\\sqrt{n}}$ for sparse regression",
                "The error falls as $\\\\frac{1}{\\\\sqrt{n}}$, which we prove.", 1));
        String day = "[" + String.join(",", papers) + "]";
        var report = app.app().hfDailyImporter().importStream("2025-12-31.json",
                new ByteArrayInputStream(day.getBytes(StandardCharsets.UTF_8)));
        assertThat(report.problems()).isEmpty();
        app.start();
        browser = CHROMIUM.driver();
    }

    private static String paper(String id, String title, String summary, int upvotes) {
        return """
                {"paper": {"id": "%s", "title": "%s", "summary": "%s",
                  "authors": [{"name": "Ada Author", "hidden": false}], "publishedAt": "2025-12-30T00:00:00.000Z",
                  "submittedOnDailyAt": "2025-12-31T06:00:00.000Z", "upvotes": %d},
                  "publishedAt": "2025-12-31T06:00:00.000Z", "title": "%s", "numComments": 0}
                """.formatted(id, title, summary, upvotes, title);
    }

    private static boolean katexFetched() {
        Object names = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; }).join(' ');");
        return String.valueOf(names).contains("katex.min.js");
    }

    @Test
    void katex_is_fetched_only_once_the_card_with_a_fraction_is_scrolled_near_and_then_renders_it() {
        browser.manage().window().setSize(new Dimension(390, 600));
        browser.get(app.baseUrl() + "/papers/date/2025-12-31");
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        var card = browser.findElement(By.cssSelector("article.card[data-paper-id='" + FRACTION_PAPER + "']"));
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        assertThat(katexFetched()).as("KaTeX with the fraction's card far below the screen").isFalse();
        assertThat(card.findElements(By.cssSelector(".katex"))).isEmpty();

        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", card);

        wait.until(d -> !card.findElements(By.cssSelector("h2 .katex")).isEmpty());
        assertThat(katexFetched()).isTrue();
        assertThat(card.findElement(By.cssSelector("h2")).getText()).doesNotContain("\\frac");
    }
}
