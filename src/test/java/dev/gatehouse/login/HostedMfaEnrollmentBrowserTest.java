package dev.gatehouse.login;

import dev.gatehouse.Api;
import dev.gatehouse.Chromium;
import dev.gatehouse.TestDatabase;
import dev.gatehouse.mfa.MfaApi;
import dev.gatehouse.mfa.MfaPolicyProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An admin whose role requires MFA signs in on the hosted page for the first time: password, then
 * the enrolment (QR code and key; the code computed here from the key on the page), then the
 * backup codes once, then the return URL. In Chromium; screenshots under target/screenshots.
 */
@QuarkusTest
@TestProfile(MfaPolicyProfile.class)
class HostedMfaEnrollmentBrowserTest {

    @TestHTTPResource("/")
    URL root;

    WebDriver driver;

    @BeforeEach
    void startBrowser() throws IOException {
        driver = Chromium.start();
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void passwordSignInWhenRoleRequiresMfaThenEnrolsShowsBackupCodesAndSignsIn() throws IOException {
        String email = Api.uniqueEmail();
        TestDatabase.storeRoles(Api.register(email, Api.PASSWORD), "user", "admin");
        String signedIn = root + "login/signed-in";
        driver.get(root + "login?return_to=" + URLEncoder.encode(signedIn, StandardCharsets.UTF_8));
        driver.findElement(By.id("username")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD + "\n");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("qr")));
        Chromium.shot(driver, "hosted-mfa-enrol");
        assertEquals("Set up two-factor sign-in · Gatehouse", driver.getTitle());
        WebElement qr = driver.findElement(By.id("qr"));
        assertTrue(qr.getAttribute("src").startsWith("data:image/png;base64,"));
        // The image really rendered (CSP allows data: images): it has its natural size.
        Object width = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return arguments[0].naturalWidth", qr);
        assertTrue(((Number) width).intValue() > 100, "QR image width " + width);
        assertTrue(driver.manage().getCookieNamed("__Host-gatehouse-session") == null, "no session before enrolment");

        String secret = driver.findElement(By.id("secret")).getText().replace(" ", "");
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
        driver.findElement(By.id("code")).sendKeys(MfaApi.code(secret, 0) + "\n");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("backup-codes")));
        Chromium.shot(driver, "hosted-mfa-backup-codes");
        List<String> codes = driver.findElements(By.cssSelector("#backup-codes code")).stream().map(WebElement::getText).toList();
        assertEquals(10, codes.size());
        assertTrue(driver.manage().getCookieNamed("__Host-gatehouse-session") != null, "the session cookie is set");

        driver.findElement(By.id("continue")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlToBe(signedIn));
        // From now on the account signs in with a code: one of the backup codes just shown works once.
        String pending = MfaApi.mfaToken(email);
        MfaApi.verifyBackupCode(pending, codes.get(0)).then().statusCode(200);
    }
}
