package dev.weft.demo.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven by
 * Selenium without any download. {@code .ci/run} installs the browser; elsewhere a machine without
 * it skips the browser test, and CI ({@code CI=true}) fails instead.
 */
final class Browser {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    private Browser() {
    }

    static ChromeDriver start() throws Exception {
        boolean installed = CHROMIUM.canExecute() && DRIVER.canExecute();
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must have Debian's chromium and chromium-driver: .ci/run installs them");
        }
        Assumptions.assumeTrue(installed, "Debian's chromium and chromium-driver are not installed; "
                + "apt-get install chromium chromium-driver to run the browser test");
        Path profile = Files.createTempDirectory("weft-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1000,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return driver;
    }

    /**
     * Clicks the element (a form's button) and waits until the page it submits to has loaded: the
     * clicked element gone stale, the new document complete. A click on a submit button may return
     * before the navigation starts, so finding the next element at once could find the old page's.
     */
    static void clickAndAwaitPage(ChromeDriver driver, By target) throws InterruptedException {
        WebElement clicked = driver.findElement(target);
        clicked.click();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                clicked.isEnabled();
            } catch (StaleElementReferenceException gone) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("clicking " + target + " did not load a new page within 20 s");
            }
            Thread.sleep(10);
        }
        while (!"complete".equals(driver.executeScript("return document.readyState"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page after clicking " + target + " did not finish loading within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
