package dev.paperboy.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, with a fresh profile, driven by its ChromeDriver. The flags keep it off the network
 * (this machine has none) and out of the sandbox (tests run as root).
 *
 * <p>A tool starts one with {@link #start()} and closes it. A test class registers one for all its tests with
 * {@code @RegisterExtension static final HeadlessChromium.PerClass CHROMIUM = new HeadlessChromium.PerClass();}: the
 * browser starts before the class's {@code @BeforeAll} methods and quits after its {@code @AfterAll} ones.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final WebDriver driver;
    private final WebDriverWait wait;

    private HeadlessChromium(Path profile, WebDriver driver) {
        this.profile = profile;
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(5));
    }

    /** Starts the browser; fails the test, saying what to install, when Chromium or its driver is missing. */
    static HeadlessChromium start() {
        for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(program)) {
                fail(program + " is missing: the browser tests need Chromium and its driver. "
                        + "Install them with: apt-get install -y chromium chromium-driver");
            }
        }
        try {
            Path profile = Files.createTempDirectory("paperboy-chromium");
            var options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile);
            var service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            var driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(10));
            return new HeadlessChromium(profile, driver);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    WebDriverWait waiting() {
        return wait;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(HeadlessChromium::deleteQuietly);
            } catch (IOException e) {
                System.err.println("could not clean up " + profile + ": " + e);
            }
        }
    }

    /** One browser for all the tests of a class. */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private HeadlessChromium chromium;

        @Override
        public void beforeAll(ExtensionContext context) {
            chromium = start();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (chromium != null) {
                chromium.close();
            }
        }

        WebDriver driver() {
            return chromium.driver();
        }

        WebDriverWait waiting() {
            return chromium.waiting();
        }
    }

    // Chromium's helpers may still be writing to the profile as it exits; a leftover temp profile is harmless.
    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.err.println("could not delete " + path + ": " + e);
        }
    }
}
