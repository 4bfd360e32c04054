package dev.paperboy.web;

import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.TestApp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Not a test but a bench ({@code scripts/bench-pages.sh}): loads each page type in headless Chromium on loopback
 * with an empty cache and prints its largest contentful paint, its total transfer (document and everything it
 * loads) and its layout shift. It asserts nothing about time, so it runs only when asked. With
 * {@code -Dpaperboy.bench.data=DIR} it serves an existing data directory (e.g. the 74,728-paper catalogue);
 * otherwise the demo catalogue.
 */
@EnabledIfSystemProperty(named = "paperboy.bench.pages", matches = "true")
class PageLoadBench {
    private static final int RUNS = Integer.getInteger("paperboy.bench.runs", 5);

    private static final String MEASURE = """
            const done = arguments[arguments.length - 1];
            let lcp = 0, cls = 0;
            new PerformanceObserver(l => l.getEntries().forEach(e => lcp = Math.max(lcp, e.startTime)))
                .observe({ type: 'largest-contentful-paint', buffered: true });
            new PerformanceObserver(l => l.getEntries().forEach(e => { if (!e.hadRecentInput) cls += e.value; }))
                .observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => {
              const nav = performance.getEntriesByType('navigation')[0];
              let bytes = nav.transferSize;
              performance.getEntriesByType('resource').forEach(r => bytes += r.transferSize);
              done(JSON.stringify({ lcp, cls, bytes, ttfb: nav.responseStart, load: nav.loadEventEnd }));
            }, 300);""";

    @Test
    void measures_each_page_type() throws Exception {
        String data = System.getProperty("paperboy.bench.data");
        App big = null;
        TestApp demo = null;
        String base;
        List<PageTour.Page> pages = new ArrayList<>(PageTour.PAGES);
        if (data != null) {
            big = new App(Config.defaultsOnly().with("data.dir", data).with("server.host", "127.0.0.1")
                    .with("server.port", "0").with("search.embed", "false").with("demo.load", "false")
                    .with("harvest.schedule", "false"), Clock.systemUTC());
            base = "http://127.0.0.1:" + big.serve().port();
            pages.removeIf(p -> p.path().contains(PageTour.PAPER) || p.name().equals("library") || p.name().equals("settings"));
        } else {
            demo = PageTour.app();
            base = demo.baseUrl();
        }
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver browser = chromium.driver();
            // A busy shared machine can take longer than the tests' 10 s to render a page.
            browser.manage().timeouts().pageLoadTimeout(java.time.Duration.ofSeconds(90));
            browser.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(90));
            var cdp = (ChromeDriver) browser;
            cdp.executeCdpCommand("Network.enable", Map.of());
            cdp.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
            System.out.printf(Locale.ROOT, "%-12s %10s %10s %10s %8s%n", "page", "LCP ms", "TTFB ms", "KB", "CLS");
            for (PageTour.Page page : pages) {
                var lcps = new ArrayList<Double>();
                var ttfbs = new ArrayList<Double>();
                double kb = 0;
                double cls = 0;
                for (int run = 0; run <= RUNS; run++) {
                    browser.get(base + page.path());
                    var result = CommunityFixtures.JSON.readTree((String) ((JavascriptExecutor) browser).executeAsyncScript(MEASURE));
                    if (run == 0) {
                        continue; // warms the server's JIT and response cache
                    }
                    lcps.add(result.get("lcp").asDouble());
                    ttfbs.add(result.get("ttfb").asDouble());
                    kb = result.get("bytes").asDouble() / 1024;
                    cls = Math.max(cls, result.get("cls").asDouble());
                }
                System.out.printf(Locale.ROOT, "%-12s %10.0f %10.1f %10.1f %8.3f%n", page.name(), median(lcps), median(ttfbs), kb, cls);
            }
        } finally {
            if (big != null) {
                big.close();
            }
            if (demo != null) {
                demo.close();
            }
        }
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
