package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.paperboy.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every kind of page in headless Chromium: on a phone, by keyboard, in the dark, and through axe-core's
 * accessibility rules, signed in and not.
 */
class PagesBrowserTest {
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
        app = PageTour.app();
    }

    @AfterEach
    void reset() {
        PageTour.signOut(browser, app);
        PageTour.desktop(browser);
        PageTour.colourScheme(browser, "light");
        js("try { localStorage.clear(); } catch (e) {}");
    }

    @Test
    void every_page_fits_a_phone_without_horizontal_scrolling_signed_in_or_not() {
        PageTour.phone(browser);
        var tooWide = new ArrayList<String>();
        for (boolean signedIn : List.of(false, true)) {
            if (signedIn) {
                PageTour.signIn(browser, wait, app);
            }
            for (PageTour.Page page : PageTour.PAGES) {
                open(page.path());
                long scroll = number("return document.documentElement.scrollWidth");
                long inner = number("return window.innerWidth");
                if (scroll > inner) {
                    tooWide.add(page.name() + (signedIn ? " (signed in)" : "") + ": " + scroll + " px in " + inner
                            + " px, widest: " + js(WIDEST));
                }
            }
        }
        assertThat(tooWide).isEmpty();
        // The header's links and the search box are on screen, not cut off to the right.
        open("/papers");
        for (String selector : List.of("header.site input[type=search]", "nav.account a.me", "nav.sections a[href='/search']")) {
            WebElement element = browser.findElement(By.cssSelector(selector));
            assertThat(number("const r = arguments[0].getBoundingClientRect(); return Math.ceil(r.right)", element))
                    .as(selector).isLessThanOrEqualTo(390);
        }
    }

    @Test
    void every_page_passes_axe_without_serious_or_critical_violations_in_both_themes_signed_in_or_not() throws IOException {
        String axe = axeSource();
        var violations = new ArrayList<String>();
        for (boolean signedIn : List.of(false, true)) {
            if (signedIn) {
                PageTour.signIn(browser, wait, app);
            }
            for (String scheme : List.of("light", "dark")) {
                PageTour.colourScheme(browser, scheme);
                for (PageTour.Page page : PageTour.PAGES) {
                    open(page.path());
                    js(axe);
                    Object found = ((JavascriptExecutor) browser).executeAsyncScript(AXE_RUN);
                    if (!"[]".equals(found)) {
                        violations.add(page.name() + " (" + scheme + (signedIn ? ", signed in" : "") + "): " + found);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void a_reader_moves_through_the_feed_by_keyboard() {
        open("/papers");
        assertThat(js("return document.getElementById('shortcuts').hidden")).isEqualTo(true);

        // Tab first reaches the skip link, which jumps to the content.
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        WebElement skip = browser.switchTo().activeElement();
        assertThat(skip.getText()).isEqualTo("Skip to content");
        assertThat(js("return getComputedStyle(document.activeElement).outlineStyle")).isEqualTo("solid");

        type("?");
        assertThat(js("return document.getElementById('shortcuts').hidden")).isEqualTo(false);
        type(Keys.ESCAPE);
        assertThat(js("return document.getElementById('shortcuts').hidden")).isEqualTo(true);

        List<WebElement> cards = browser.findElements(By.cssSelector("article.card"));
        type("j");
        type("j");
        type("k");
        type("j");
        assertThat(cards.get(1).getAttribute("class")).contains("current");
        assertThat(browser.switchTo().activeElement().getAttribute("class")).isEqualTo("title");
        String second = cards.get(1).getAttribute("data-paper-id");
        type("o");
        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/papers/" + second));

        open("/papers/date/2025-12-31");
        String previous = browser.findElement(By.cssSelector("nav.periods a.prev")).getAttribute("href");
        type("[");
        wait.until(ExpectedConditions.urlToBe(previous));
        type("]");
        wait.until(ExpectedConditions.urlToBe(app.baseUrl() + "/papers/date/2025-12-31"));

        type("/");
        assertThat(browser.switchTo().activeElement().getAttribute("name")).isEqualTo("q");
        // Typing into the box is typing, not shortcuts.
        type("j");
        assertThat(browser.switchTo().activeElement().getAttribute("value")).isEqualTo("j");
    }

    @Test
    void a_member_upvotes_and_saves_by_keyboard() {
        PageTour.signIn(browser, wait, app);
        open("/papers/trending");
        type("j");
        WebElement card = browser.findElement(By.cssSelector("article.card.current"));
        WebElement vote = card.findElement(By.cssSelector(".vote-button"));
        boolean voted = Boolean.parseBoolean(vote.getAttribute("aria-pressed"));
        int count = Integer.parseInt(vote.findElement(By.cssSelector(".count")).getText());
        type("u");
        wait.until(ExpectedConditions.attributeToBe(vote, "aria-pressed", String.valueOf(!voted)));
        assertThat(Integer.parseInt(vote.findElement(By.cssSelector(".count")).getText())).isEqualTo(voted ? count - 1 : count + 1);
        WebElement save = card.findElement(By.cssSelector(".save-button"));
        String before = save.getAttribute("aria-pressed");
        type("s");
        wait.until(ExpectedConditions.not(ExpectedConditions.attributeToBe(save, "aria-pressed", before)));
        // Put both back for the other tests.
        type("u");
        wait.until(ExpectedConditions.attributeToBe(vote, "aria-pressed", String.valueOf(voted)));
        type("s");
        wait.until(ExpectedConditions.attributeToBe(save, "aria-pressed", before));
    }

    @Test
    void the_theme_follows_the_system_and_a_chosen_theme_is_remembered_before_the_first_paint() {
        PageTour.colourScheme(browser, "dark");
        open("/papers");
        assertThat(background()).isEqualTo("rgb(18, 21, 28)");
        PageTour.colourScheme(browser, "light");
        open("/papers");
        assertThat(background()).isEqualTo("rgb(250, 251, 252)");

        WebElement toggle = browser.findElement(By.cssSelector("button.theme-toggle"));
        assertThat(toggle.isDisplayed()).isTrue();
        toggle.click();
        assertThat(background()).isEqualTo("rgb(18, 21, 28)");
        open("/papers/trending");
        assertThat(js("return document.documentElement.getAttribute('data-theme')")).isEqualTo("dark");
        assertThat(background()).isEqualTo("rgb(18, 21, 28)");
        // No flash: the theme is applied by a blocking script in <head>, before <body> exists.
        assertThat(js("const s = document.querySelector('head script[src=\"/static/theme.js\"]');"
                + " return s !== null && !s.defer && !s.async")).isEqualTo(true);
    }

    @Test
    void cards_keep_save_and_the_arxiv_id_on_one_line_and_the_brand_is_drawn_without_an_emoji_font() {
        PageTour.signIn(browser, wait, app);
        open("/papers");
        WebElement card = browser.findElement(By.cssSelector("article.card[data-paper-id='" + PageTour.PAPER + "']"));
        WebElement save = card.findElement(By.cssSelector(".meta form.save button"));
        WebElement id = card.findElement(By.cssSelector(".meta .id"));
        assertThat(Math.abs(save.getRect().getY() + save.getRect().getHeight() / 2
                - (id.getRect().getY() + id.getRect().getHeight() / 2))).isLessThanOrEqualTo(4);
        WebElement glyph = browser.findElement(By.cssSelector("header.site .brand svg"));
        assertThat(glyph.getRect().getWidth()).isGreaterThan(10);
        assertThat(browser.findElement(By.cssSelector("header.site .brand")).getText()).isEqualTo("Paperboy");
    }

    @Test
    void tex_in_comments_is_rendered_and_the_paper_page_charts_its_upvotes() {
        open("/papers/" + PageTour.PAPER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".comment .text .katex")));
        assertThat(browser.findElement(By.cssSelector(".comment .text")).getText()).doesNotContain("$");
        WebElement chart = browser.findElement(By.cssSelector("figure.upvotes-history svg[role=img]"));
        assertThat(chart.getAttribute("aria-label")).contains("Upvotes over time").contains("to 13");
    }

    @Test
    void the_week_page_draws_papers_and_upvotes_per_day_with_the_numbers_in_a_table() {
        open("/papers/week/2025-W52");
        List<WebElement> charts = browser.findElements(By.cssSelector("figure.per-day svg[role=img]"));
        assertThat(charts).hasSize(2);
        assertThat(charts.get(0).getAttribute("aria-label")).startsWith("Papers per day:");
        assertThat(charts.get(0).findElements(By.cssSelector("rect.bar"))).hasSize(7);
        assertThat(browser.findElements(By.cssSelector("figure.per-day table tbody tr"))).isNotEmpty();
    }

    private static final String WIDEST = """
            let widest = null, right = 0;
            for (const e of document.querySelectorAll('body *')) {
              const r = e.getBoundingClientRect();
              if (r.right > right) { right = r.right; widest = e; }
            }
            return widest ? widest.tagName + '.' + widest.className + ' ' + Math.round(right) : '';""";

    private static final String AXE_RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + n.failureSummary) })))),
              e => done('axe failed: ' + e));""";

    private static String axeSource() throws IOException {
        Path axe = Path.of(System.getProperty("paperboy.axe", "target/axe/axe.min.js"));
        if (!Files.isReadable(axe)) {
            fail(axe + " is missing: the build fetches axe-core from npm (scripts/fetch-axe.sh); run "
                    + "scripts/fetch-axe.sh 4.14.1 target/axe with npm installed");
        }
        return Files.readString(axe);
    }

    private static void open(String path) {
        browser.get(app.baseUrl() + path);
        wait.until(d -> "complete".equals(js("return document.readyState")));
    }

    private static void type(CharSequence keys) {
        new Actions(browser).sendKeys(keys).perform();
    }

    private static String background() {
        return (String) js("return getComputedStyle(document.body).backgroundColor");
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static long number(String script, Object... args) {
        return ((Number) js(script, args)).longValue();
    }
}
