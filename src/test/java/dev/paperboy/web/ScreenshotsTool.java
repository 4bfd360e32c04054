package dev.paperboy.web;

import dev.paperboy.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Not a test: writes screenshots of each page type, light and dark, desktop and phone, for the README. Run by
 * {@code scripts/screenshots.sh}, which sets {@code paperboy.screenshots} to the output directory.
 */
@EnabledIfSystemProperty(named = "paperboy.screenshots", matches = ".+")
class ScreenshotsTool {
    private static final List<String> KINDS = List.of("feed", "week", "paper", "search", "trending", "library",
            "settings", "subscribe", "status", "not-found");

    @Test
    void writes_screenshots_of_every_page_type() throws IOException {
        Path out = Path.of(System.getProperty("paperboy.screenshots"));
        Files.createDirectories(out);
        try (TestApp app = PageTour.app(); HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver browser = chromium.driver();
            // A busy shared machine can take longer than the tests' 10 s to render a page.
            browser.manage().timeouts().pageLoadTimeout(java.time.Duration.ofSeconds(90));
            browser.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(90));
            PageTour.signIn(browser, chromium.waiting(), app);
            for (String device : List.of("desktop", "phone")) {
                if (device.equals("phone")) {
                    PageTour.phone(browser);
                } else {
                    PageTour.desktop(browser);
                }
                for (String scheme : List.of("light", "dark")) {
                    PageTour.colourScheme(browser, scheme);
                    for (PageTour.Page page : PageTour.PAGES) {
                        if (!KINDS.contains(page.name())) {
                            continue;
                        }
                        browser.get(app.baseUrl() + page.path());
                        chromium.waiting().until(d -> "complete".equals(
                                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
                        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
                        Path file = out.resolve(page.name() + "-" + device + "-" + scheme + ".png");
                        Files.write(file, png);
                        System.out.println(file);
                    }
                }
            }
        }
    }
}
