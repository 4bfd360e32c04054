package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The pages that matter, in headless Chromium: the feed, a paper with its TeX rendered, and back. */
class BrowserTest {

    // No abstract in the demo catalogue contains TeX, so the 31st gets one more paper that does, with the most votes.
    private static final String TEX_PAPER = "2512.99004";
    private static final String TEX_DAY = """
            [{"paper": {"id": "2512.99004", "title": "Sampling bounds for $k$-sparse recovery",
              "summary": "We show that $\\\\mathcal{O}(k \\\\log n)$ samples suffice whenever $x<y$, and that $\\\\sqrt{n}$ are necessary otherwise.",
              "authors": [{"name": "Ada Author", "hidden": false}], "publishedAt": "2025-12-30T00:00:00.000Z",
              "submittedOnDailyAt": "2025-12-31T06:00:00.000Z", "upvotes": 50},
              "publishedAt": "2025-12-31T06:00:00.000Z", "title": "Sampling bounds for $k$-sparse recovery", "numComments": 0}]
            """;

    @RegisterExtension
    static final HeadlessChromium.PerClass CHROMIUM = new HeadlessChromium.PerClass();

    @AutoClose
    private static TestApp app;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        browser = CHROMIUM.driver();
        wait = CHROMIUM.waiting();
        app = TestApp.withDemo();
        var report = app.app().hfDailyImporter().importStream("2025-12-31.json",
                new ByteArrayInputStream(TEX_DAY.getBytes(StandardCharsets.UTF_8)));
        assertThat(report.problems()).isEmpty();
        app.start();
    }

    @Test
    void a_reader_opens_a_paper_from_the_feed_sees_its_math_rendered_and_goes_back() {
        browser.get(app.baseUrl() + "/papers");

        List<WebElement> cards = wait.until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector("article.card")));
        assertThat(cards).hasSize(5);
        assertThat(cards.getFirst().getAttribute("data-paper-id")).isEqualTo(TEX_PAPER);
        assertThat(browser.getTitle()).contains("31 December 2025");

        cards.getFirst().findElement(By.cssSelector("a.title")).click();

        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/papers/" + TEX_PAPER));
        List<WebElement> formulas = wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(
                By.cssSelector(".abstract .katex"), 2));
        assertThat(formulas).hasSize(3);
        WebElement abstractText = browser.findElement(By.cssSelector(".abstract"));
        assertThat(abstractText.getText()).contains("samples suffice whenever").doesNotContain("$").doesNotContain("\\mathcal");
        assertThat(browser.findElements(By.cssSelector("h1 .katex"))).as("the title's $k$").hasSize(1);

        browser.navigate().back();

        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/papers"));
        List<WebElement> again = wait.until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector("article.card")));
        assertThat(again).hasSize(5);
        assertThat(again.get(1).findElement(By.cssSelector("a.title")).getText())
                .isEqualTo("DreamOmni3: Scribble-based Editing and Generation");
    }

}
