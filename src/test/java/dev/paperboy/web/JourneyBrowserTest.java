package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.paperboy.TestApp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A new member's first visit, start to end, in headless Chromium with real SMTP (GreenMail). */
class JourneyBrowserTest {
    private static final String PAPER = "2512.99701";
    private static final String EMAIL = "newcomer@example.org";
    private static final String PASSWORD = "correct horse battery staple";

    private static GreenMail greenMail;

    @RegisterExtension
    static final HeadlessChromium.PerClass CHROMIUM = new HeadlessChromium.PerClass();

    @AutoClose
    private static TestApp app;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() {
        greenMail = Mails.start();
        browser = CHROMIUM.driver();
        wait = CHROMIUM.waiting();
        app = TestApp.withDemo(Mails.settings(greenMail)).start();
        Fixtures.paper(app, PAPER, "The journey paper", "An abstract about journeys.", List.of("Ada Author"), 90);
    }

    @AfterAll
    static void stop() {
        greenMail.stop();
    }

    @Test
    void a_newcomer_signs_up_confirms_by_mail_logs_in_upvotes_comments_saves_and_logs_out() {
        // Sign up.
        browser.get(app.baseUrl() + "/papers");
        browser.findElement(By.cssSelector("nav.account a[href='/signup']")).click();
        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/signup"));
        browser.findElement(By.id("name")).sendKeys("Nina Newcomer");
        browser.findElement(By.id("email")).sendKeys(EMAIL);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("form[action='/signup'] button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Check your mail"));

        // Read the confirmation mail from the SMTP server and follow its link.
        var mails = Mails.to(greenMail, EMAIL, 1);
        assertThat(mails).hasSize(1);
        assertThat(Mails.text(mails.getFirst())).contains("Hello Nina Newcomer");
        browser.get(app.baseUrl() + Mails.link(mails.getFirst()));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Address confirmed"));
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains(EMAIL);

        // Sign-up does not log in (it answers the same whether or not the address had an account): log in from
        // the confirmation page's own link.
        browser.findElement(By.cssSelector("main a[href='/login']")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("email")).sendKeys(EMAIL);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/papers"));
        assertThat(browser.findElement(By.cssSelector("a.me")).getText()).isEqualTo("Nina Newcomer");

        // Upvote on the feed: the count changes in place, without loading another page.
        WebElement card = browser.findElement(By.cssSelector("article.card[data-paper-id='" + PAPER + "']"));
        WebElement vote = card.findElement(By.cssSelector("form.vote button"));
        assertThat(vote.findElement(By.cssSelector(".count")).getText()).isEqualTo("90");
        markPage();
        vote.click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("article.card[data-paper-id='" + PAPER + "'] .count"), "91"));
        assertThat(vote.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(vote.getAttribute("class")).contains("voted");
        assertStillTheSamePage();
        assertThat(app.app().catalogue().find(PAPER).orElseThrow().upvotes()).isEqualTo(91);

        // Comment with Markdown on the paper's page.
        card.findElement(By.cssSelector("a.title")).click();
        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/papers/" + PAPER));
        assertThat(browser.findElement(By.cssSelector(".actions form.vote .count")).getText()).isEqualTo("91");
        browser.findElement(By.id("comment-text")).sendKeys("**Great** paper, see [the code](https://example.org/code).");
        browser.findElement(By.cssSelector("form.comment-form button[type=submit]")).click();
        WebElement text = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".comment .text")));
        assertThat(browser.getCurrentUrl()).contains("/papers/" + PAPER + "#comment-");
        assertThat(text.findElement(By.tagName("strong")).getText()).isEqualTo("Great");
        WebElement link = text.findElement(By.tagName("a"));
        assertThat(link.getAttribute("href")).isEqualTo("https://example.org/code");
        assertThat(link.getAttribute("rel")).contains("nofollow", "ugc");
        assertThat(browser.findElement(By.cssSelector(".comment .author")).getText()).isEqualTo("Nina Newcomer");

        // Save to the library, in place, and find it there.
        WebElement save = browser.findElement(By.cssSelector("form.save button"));
        assertThat(save.getText()).isEqualTo("Save");
        markPage();
        save.click();
        wait.until(ExpectedConditions.textToBePresentInElement(save, "Saved"));
        assertThat(save.getAttribute("aria-pressed")).isEqualTo("true");
        assertStillTheSamePage();
        browser.findElement(By.cssSelector("nav.account a[href='/library']")).click();
        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/library"));
        assertThat(browser.findElements(By.cssSelector("article.card"))).singleElement()
                .satisfies(c -> assertThat(c.getAttribute("data-paper-id")).isEqualTo(PAPER));

        // Log out: the library is closed again.
        logOut();
        assertThat(browser.findElements(By.cssSelector("a.me"))).isEmpty();
        browser.get(app.baseUrl() + "/library");
        wait.until(ExpectedConditions.urlContains("/login?next="));
        assertThat(browser.findElements(By.cssSelector("form.vote, form.save"))).isEmpty();
    }

    private static void logOut() {
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.account a[href^='/login']")));
    }

    private static void markPage() {
        ((JavascriptExecutor) browser).executeScript("window.__samePage = true;");
    }

    private static void assertStillTheSamePage() {
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__samePage === true"))
                .as("updated in place, not by loading the page again").isEqualTo(true);
    }
}
