package dev.paperboy.web;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One page of every kind on the demo catalogue, and a member to see them signed in: for the tests, the screenshot
 * tool and the bench that look at all pages. The paper {@link #PAPER} has TeX in a comment and a vote cast here,
 * so its page shows rendered math and the upvotes chart.
 */
final class PageTour {
    static final String PAPER = "2512.99801";
    static final String EMAIL = "reader@example.org";

    /** A kind of page and the address of one. */
    record Page(String name, String path) {}

    static final List<Page> PAGES = List.of(
            new Page("feed", "/papers"),
            new Page("week", "/papers/week/2025-W52"),
            new Page("month", "/papers/month/2025-12"),
            new Page("paper", "/papers/" + PAPER),
            new Page("search", "/search?q=video+generation"),
            new Page("search-help", "/search"),
            new Page("trending", "/papers/trending"),
            new Page("library", "/library"),
            new Page("settings", "/settings"),
            new Page("subscribe", "/subscribe"),
            new Page("submit", "/papers/submit"),
            new Page("status", "/status"),
            new Page("login", "/login"),
            new Page("signup", "/signup"),
            new Page("not-found", "/no/such/page"),
            new Page("bad-date", "/papers/date/2025-13-45"));

    private PageTour() {}

    /** The demo catalogue plus {@link #PAPER}, a member, their vote, a saved paper and a comment with TeX. */
    static TestApp app() {
        TestApp app = TestApp.withDemo(Map.of("search.embed", "false"));
        Fixtures.paper(app, PAPER, "Bounds for $k$-sparse recovery on a phone screen",
                "We show that $\\mathcal{O}(k \\log n)$ samples suffice. " + "Long words like incomprehensibilities wrap. ".repeat(8),
                List.of("Ada Author", "Bo Writer", "Cy Reader", "Di Coder", "Ed Proof"), 12);
        User member = Fixtures.member(app, EMAIL, "Rita Reader", Role.MEMBER);
        var community = app.app().community();
        community.votes().upvote(member, PAPER);
        community.library().toggle(member, PAPER);
        community.comments().add(member, PAPER, "The bound $\\sqrt{n}$ is tight; see **Lemma 2**.", null);
        return app.start();
    }

    /** Logs the browser in through the login form. */
    static void signIn(WebDriver browser, WebDriverWait wait, TestApp app) {
        browser.get(app.baseUrl() + "/login");
        browser.findElement(By.id("email")).sendKeys(EMAIL);
        browser.findElement(By.id("password")).sendKeys(Fixtures.password(EMAIL));
        browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a.me")));
    }

    static void signOut(WebDriver browser, TestApp app) {
        browser.get(app.baseUrl() + "/healthz");
        browser.manage().deleteAllCookies();
    }

    /** A phone's viewport (390 × 844, an iPhone 14), with the page's viewport meta honoured as a phone does. */
    static void phone(WebDriver browser) {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    static void desktop(WebDriver browser) {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1, "mobile", false));
    }

    /** What {@code prefers-color-scheme} says: "dark" or "light". */
    static void colourScheme(WebDriver browser, String scheme) {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }
}
