package dev.cvalues.report;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through its ChromeDriver, headless, for the page tests. Where Chromium is not
 * installed the tests are skipped, unless {@code CVALUES_BROWSER_TESTS=required} (CI sets it, and installs
 * the packages chromium and chromium-driver), where they fail.
 */
abstract class HeadlessChromium extends ReportFixtures {

    /** One browser for the test class; page tests extend this class. */
    static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    /**
     * Opens a page and signs in through the form it shows without a token (the token then stays in the tab's
     * sessionStorage for the pages that follow); asserts that the page asked.
     */
    static void signIn(String url, String token) {
        browser.get(url);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> browser.findElement(org.openqa.selenium.By.id("token")).isDisplayed());
        browser.findElement(org.openqa.selenium.By.id("token")).sendKeys(token, org.openqa.selenium.Keys.ENTER);
    }

    static ChromeDriver start() throws IOException {
        String binary = System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
        boolean present = new File(binary).canExecute() && new File(driver).canExecute();
        if (!present) {
            String message = "Chromium (" + binary + ") and ChromeDriver (" + driver + ") are needed for the page"
                    + " tests: apt-get install chromium chromium-driver";
            if ("required".equals(System.getenv("CVALUES_BROWSER_TESTS"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        Path profile = Files.createTempDirectory("cvalues-chromium");
        profile.toFile().deleteOnExit();
        ChromeOptions options = new ChromeOptions().setBinary(binary).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
