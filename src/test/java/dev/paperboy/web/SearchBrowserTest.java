package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Searching from the header of any page, in headless Chromium. */
class SearchBrowserTest {

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
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();

    }

    @Test
    void a_reader_types_a_topic_in_the_header_and_sees_highlighted_results_with_adadagrad_first() {
        browser.get(app.baseUrl() + "/papers");
        WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("form.search-box input[name=q]")));

        box.sendKeys("adaptive batch size");
        box.sendKeys(Keys.ENTER);

        wait.until(ExpectedConditions.urlContains("/search?q=adaptive+batch+size"));
        List<WebElement> cards = wait.until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector("article.card")));
        assertThat(cards.size()).isGreaterThan(1);
        WebElement first = cards.getFirst();
        assertThat(first.getAttribute("data-paper-id")).isEqualTo("2402.11215");
        assertThat(first.findElement(By.cssSelector("a.title")).getText())
                .isEqualTo("AdAdaGrad: Adaptive Batch Size Schemes for Adaptive Gradient Methods");
        assertThat(first.findElements(By.cssSelector("a.title mark"))).extracting(WebElement::getText)
                .containsExactly("Adaptive Batch Size", "Adaptive");
        assertThat(first.findElements(By.cssSelector(".excerpt mark"))).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("p.count")).getText()).containsPattern("^[\\d,]+ papers");
        assertThat(browser.findElement(By.cssSelector("form.search-box input[name=q]")).getAttribute("value"))
                .as("the query stays in the box").isEqualTo("adaptive batch size");
        assertThat(browser.getTitle()).startsWith("adaptive batch size");
    }

    @Test
    void a_reader_pastes_an_arxiv_link_and_lands_on_the_paper() {
        browser.get(app.baseUrl() + "/papers");
        WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("form.search-box input[name=q]")));

        box.sendKeys("https://arxiv.org/abs/2402.11215v2");
        box.sendKeys(Keys.ENTER);

        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/papers/2402.11215"));
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).startsWith("AdAdaGrad");
    }

}
