package dev.gatehouse.lifecycle;

import dev.gatehouse.Api;
import dev.gatehouse.Chromium;
import dev.gatehouse.mail.GreenMailResource;
import dev.gatehouse.page.Pages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person in Chromium: signs up, confirms the address with the link from the mail the SMTP server
 * received, signs out, forgets the password, resets it with the mailed link and signs in with the
 * new one. Screenshots at 375 px and 1280 px under target/screenshots (lifecycle-*-375.png, -1280.png).
 */
@QuarkusTest
class LifecycleBrowserTest {

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

    private void shots(String name) throws IOException {
        Chromium.shots(driver, "lifecycle-" + name);
    }

    private void waitForHeading(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("heading"), text));
    }

    /** The mailed link, moved onto the test server's origin (the issuer names localhost:8081, the test port). */
    private String linkOfMail(String email, String page) {
        String link = GreenMailResource.linkIn(Lifecycle.awaitLinkMail(email, page, 1)).orElseThrow();
        return root + link.substring(link.indexOf('/', "http://".length()) + 1);
    }

    @Test
    void verifyWhenTheLinkIsOpenedInABrowserNotSignedInThenThePasswordConfirms() throws IOException {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        driver.manage().window().setSize(new Dimension(375, 900));
        driver.get(linkOfMail(email, "/verify"));
        waitForHeading("Confirm your e-mail address");
        assertTrue(driver.findElement(By.id("not-mine")).isDisplayed(), "offers a reset for a stranger's account");
        shots("verify-password");
        driver.findElement(By.id("password")).sendKeys("Not-The-Password-1");
        driver.findElement(By.id("confirm")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        shots("verify-password-wrong");
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD);
        driver.findElement(By.id("confirm")).click();
        waitForHeading("E-mail address confirmed");
    }

    @Test
    void walkWhenSigningUpThenVerifyingForgettingAndResettingTheAccountWorks() throws IOException {
        String account = root + "account";
        String email = Api.uniqueEmail();
        driver.manage().window().setSize(new Dimension(375, 900));

        driver.get(root + "signup?return_to=" + URLEncoder.encode(account, StandardCharsets.UTF_8));
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD);
        driver.findElement(By.id("create")).click();
        waitForHeading("Your account");
        assertEquals("not verified", driver.findElement(By.id("email-state")).getText().toLowerCase());
        shots("account-unverified");
        // The account page leads to the passkeys page and back.
        driver.findElement(By.id("manage-passkeys")).click();
        waitForHeading("Passkeys");
        driver.findElement(By.id("back-to-account")).click();
        waitForHeading("Your account");

        // The link from the mail: the page asks for a click, which confirms.
        driver.get(linkOfMail(email, "/verify"));
        waitForHeading("Confirm your e-mail address");
        shots("verify");
        driver.findElement(By.id("confirm")).click();
        waitForHeading("E-mail address confirmed");
        shots("verified");
        driver.findElement(By.id("to-account")).click();
        waitForHeading("Your account");
        assertEquals("verified", driver.findElement(By.id("email-state")).getText().toLowerCase());

        // Sign out.
        driver.findElement(By.id("sign-out")).click();
        waitForHeading("Sign out?");
        driver.findElement(By.id("sign-out")).click();
        waitForHeading("You are signed out");
        assertNull(driver.manage().getCookieNamed(Pages.SESSION));

        // Forgot the password: from the sign-in page.
        driver.get(root + "login");
        driver.findElement(By.id("forgot")).click();
        waitForHeading("Reset your password");
        shots("forgot");
        driver.findElement(By.id("email")).sendKeys(email + "\n");
        waitForHeading("Check your mail");
        shots("forgot-sent");

        // The reset link: a new password, then signed out everywhere and back to sign-in.
        driver.get(linkOfMail(email, "/reset"));
        waitForHeading("Choose a new password");
        shots("reset");
        driver.findElement(By.id("new_password")).sendKeys(Lifecycle.NEW_PASSWORD);
        driver.findElement(By.id("set-password")).click();
        waitForHeading("Password changed");
        shots("reset-done");
        driver.findElement(By.id("sign-in")).click();
        waitForHeading("Sign in");
        driver.findElement(By.id("username")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(Lifecycle.NEW_PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.manage().getCookieNamed(Pages.SESSION) != null);
        assertNotNull(driver.manage().getCookieNamed(Pages.SESSION));

        // The spent link says so, and offers a new one.
        driver.get(linkOfMail(email, "/reset"));
        waitForHeading("This link does not work");
        shots("link-invalid");
    }
}
