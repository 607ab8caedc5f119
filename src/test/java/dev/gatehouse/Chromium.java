package dev.gatehouse;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Debian's headless Chromium for the browser tests (installed by ./test), and their screenshots under target/screenshots. */
public final class Chromium {

    public static final Path SHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    /** A fresh browser with its own empty profile. */
    public static WebDriver start() throws IOException {
        Path profile = Files.createTempDirectory("gatehouse-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1000,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
        return driver;
    }

    /**
     * A virtual WebAuthn authenticator in {@code driver} (passkey tests): CTAP2, internal (platform),
     * resident keys, user verification on and succeeding, the user consenting. Pages must be
     * opened as {@code http://localhost:PORT} (a secure context; the RP id is then {@code localhost}).
     */
    public static org.openqa.selenium.virtualauthenticator.VirtualAuthenticator virtualAuthenticator(WebDriver driver) {
        return ((org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator) driver).addVirtualAuthenticator(
                new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
                        .setProtocol(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true)
                        .setIsUserConsenting(true));
    }

    public static void shot(WebDriver driver, String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The whole page at 375 px and at 1280 px wide ({@code <name>-375.png}, {@code <name>-1280.png});
     * fails when the page scrolls sideways at 375 px. Leaves the window 375 px wide.
     */
    public static void shots(WebDriver driver, String name) throws IOException {
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
        for (int width : new int[] {375, 1280}) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
            long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, (int) Math.min(4000, Math.max(700, height + 140))));
            shot(driver, name + "-" + width);
            if (width == 375) {
                long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
                long clientWidth = ((Number) js.executeScript("return document.documentElement.clientWidth")).longValue();
                org.junit.jupiter.api.Assertions.assertTrue(scrollWidth <= clientWidth,
                        name + " scrolls sideways at 375 px: " + scrollWidth + " > " + clientWidth);
            }
        }
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(375, 900));
    }
}
