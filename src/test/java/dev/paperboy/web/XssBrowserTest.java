package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.util.List;
import java.util.Map;
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

/**
 * Classic XSS payloads stored in every field a stranger controls — a comment, a member's name, a paper's title,
 * authors and abstract (which come from upstream and really contain {@code <}, {@code &} and {@code $…$}) — then
 * every page that shows them, loaded in headless Chromium anonymously and signed in. Each payload would set
 * {@code window.__xss} or the document title; neither may change, and the payload must show as text.
 */
class XssBrowserTest {
    private static final String PAPER = "2512.99501";
    private static final String TITLE = "Robust <script>window.__xss='title';document.title='PWNED'</script> learning "
            + "& \"><svg onload=\"window.__xss='title-svg'\"> for $x<y$";
    private static final String ABSTRACT = "We bound $x<y$ & $a>b$ when p < 0.05 & q > 1. "
            + "<img src=x onerror=\"window.__xss='abstract-img';document.title='PWNED'\"> "
            + "Also $\\href{javascript:window.__xss='katex-href'}{click}$ and $\\url{javascript:window.__xss='katex-url'}$. "
            + "</p><script>window.__xss='abstract-script'</script><p>";
    private static final String AUTHOR = "\"><svg onload=\"window.__xss='author'\">";
    private static final String NAME = "\"><img src=x onerror=window.__xss='name'>";
    private static final String COMMENT = """
            Markdown with **bold** and payloads:

            <script>window.__xss='comment-script';document.title='PWNED'</script>

            <img src=x onerror="window.__xss='comment-img'">

            "><svg onload="window.__xss='comment-svg'">

            [a javascript link](javascript:window.__xss='comment-link')

            [an encoded one](jav&#x61;script:window.__xss='comment-link2')

            ![an image](javascript:window.__xss='comment-image')

            <a href="javascript:window.__xss='comment-raw-a'">raw anchor</a>

            </textarea><script>window.__xss='textarea'</script>
            """;

    @RegisterExtension
    static final HeadlessChromium.PerClass CHROMIUM = new HeadlessChromium.PerClass();

    @AutoClose
    private static TestApp app;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() {
        browser = CHROMIUM.driver();
        wait = CHROMIUM.waiting();
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();
        Fixtures.paper(app, PAPER, TITLE, ABSTRACT, List.of(AUTHOR, "Ada Author"), 40);
        User admin = Fixtures.member(app, "mallory@example.org", NAME, Role.ADMIN);
        var community = app.app().community();
        String top = community.comments().add(admin, PAPER, COMMENT, null).id();
        community.comments().add(admin, PAPER, "A reply: <script>window.__xss='reply'</script>", top);
        community.comments().hide(admin, community.comments().add(admin, PAPER,
                "Hidden: <img src=x onerror=\"window.__xss='hidden'\">", null).id(), true);
        community.library().save(admin, PAPER);
        community.votes().upvote(admin, PAPER);
        community.tokens().create(admin, "<script>window.__xss='token'</script>");
    }

    @Test
    void an_anonymous_reader_runs_no_stored_script_on_the_feed_the_paper_page_and_trending() {
        browser.manage().deleteAllCookies();

        open("/papers");
        WebElement card = browser.findElement(By.cssSelector("article.card[data-paper-id='" + PAPER + "']"));
        assertThat(card.findElement(By.cssSelector("a.title")).getText()).contains("<script>", "\"><svg onload=");
        assertThat(card.findElement(By.cssSelector(".excerpt")).getText()).contains("<img src=x onerror=");
        assertNoScriptRan("/papers");

        openPaper();
        assertThat(browser.findElement(By.cssSelector("p.authors")).getText()).contains(AUTHOR);
        assertThat(browser.findElements(By.cssSelector(".comment .text a[href^='javascript']"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("comment-hidden").doesNotContain("window.__xss='hidden'");
        clickEveryCommentLink();
        assertNoScriptRan("the paper page after clicking the comment links");

        open("/papers/trending");
        assertNoScriptRan("/papers/trending");
        open("/search?q=" + PAPER);
        assertNoScriptRan("/search");
        open("/api/papers/" + PAPER + "/comments");
        assertNoScriptRan("the comments JSON opened as a page");
    }

    @Test
    void a_signed_in_admin_whose_name_is_a_payload_runs_no_stored_script_on_any_page() {
        browser.manage().deleteAllCookies();
        open("/login");
        browser.findElement(By.id("email")).sendKeys("mallory@example.org");
        browser.findElement(By.id("password")).sendKeys(Fixtures.password("mallory@example.org"));
        browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/papers"));
        waitForPage();
        assertThat(browser.findElement(By.cssSelector("a.me")).getText()).isEqualTo(NAME);
        assertNoScriptRan("/papers signed in");

        openPaper();
        // The curator's view: the hidden comment is there, as text.
        assertThat(browser.findElement(By.cssSelector(".comment.hidden .text")).getText()).contains("<img src=x onerror=");
        // The edit form's textarea holds the Markdown as typed, closing tag and all, without leaving the textarea.
        WebElement textarea = browser.findElements(By.cssSelector(".comment-actions textarea[name=text]")).stream()
                .filter(t -> t.getAttribute("value").startsWith("Markdown with")).findFirst().orElseThrow();
        assertThat(textarea.getAttribute("value")).contains("</textarea><script>window.__xss='textarea'</script>");
        assertThat(browser.findElements(By.cssSelector(".comment-actions textarea[name=text]")).size())
                .isEqualTo(browser.findElements(By.cssSelector(".comment-actions form[action$='/edit']")).size());
        clickEveryCommentLink();
        assertNoScriptRan("the paper page signed in");

        for (String page : List.of("/library", "/settings", "/admin/users", "/papers/trending", "/papers/submit")) {
            open(page);
            assertNoScriptRan(page);
        }
        open("/admin/users");
        assertThat(browser.findElement(By.cssSelector(".admin td")).getText()).isEqualTo(NAME);
        open("/settings");
        assertThat(browser.findElement(By.cssSelector("ul.tokens li")).getText()).contains("<script>window.__xss='token'</script>");
    }

    private static void openPaper() {
        open("/papers/" + PAPER);
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).contains("<script>window.__xss='title'", "& \"><svg");
        assertThat(browser.getTitle()).startsWith("Robust <script>").isNotEqualTo("PWNED");
        WebElement abstractText = browser.findElement(By.cssSelector(".abstract"));
        wait.until(d -> !abstractText.findElements(By.cssSelector(".katex")).isEmpty());
        assertThat(abstractText.getText()).contains("when p < 0.05 & q > 1.", "<img src=x onerror=",
                "</p><script>window.__xss='abstract-script'</script><p>");
        assertThat(abstractText.findElements(By.cssSelector("img, script, a[href^='javascript']"))).isEmpty();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".comment .text")));
        WebElement comment = browser.findElements(By.cssSelector(".comment .text")).stream()
                .filter(e -> e.getText().startsWith("Markdown with")).findFirst().orElseThrow();
        assertThat(comment.findElement(By.tagName("strong")).getText()).isEqualTo("bold");
        assertThat(comment.getText()).contains("<script>window.__xss='comment-script'", "<img src=x onerror=",
                "\"><svg onload=");
        assertThat(comment.findElements(By.cssSelector("script, img, svg"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".reply .text")).getText()).contains("<script>window.__xss='reply'</script>");
        assertThat(browser.findElements(By.cssSelector(".comment .author")))
                .allSatisfy(a -> assertThat(a.getText()).isEqualTo(NAME));
        assertNoScriptRan("/papers/" + PAPER);
    }

    /** Follows each link in the comments that stays on this page or goes nowhere (a neutralised javascript: link). */
    private static void clickEveryCommentLink() {
        List<WebElement> links = browser.findElements(By.cssSelector(".comment .text a"));
        assertThat(links).isNotEmpty();
        for (WebElement link : links) {
            String href = link.getAttribute("href");
            assertThat(href == null ? "" : href.toLowerCase()).doesNotStartWith("javascript");
            assertThat(link.getAttribute("rel")).contains("nofollow", "ugc");
        }
        // A neutralised link has no usable destination: following it must not run anything.
        links.stream().filter(l -> l.getAttribute("href") == null || l.getAttribute("href").isEmpty()
                || l.getAttribute("href").equals(browser.getCurrentUrl())).findFirst().ifPresent(link -> {
                    link.click();
                    waitForPage();
                });
    }

    private static void open(String path) {
        browser.get(app.baseUrl() + path);
        waitForPage();
    }

    private static void waitForPage() {
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        // Let deferred scripts, KaTeX and any broken image's onerror have their turn.
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertNoScriptRan(String where) {
        Object marker = ((JavascriptExecutor) browser).executeScript("return window.__xss === undefined ? null : String(window.__xss)");
        assertThat(marker).as("a stored payload ran on " + where).isNull();
        assertThat(browser.getTitle()).as("the title on " + where).isNotEqualTo("PWNED");
    }
}
