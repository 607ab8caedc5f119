package dev.gatehouse.passkey;

import dev.gatehouse.Api;
import dev.gatehouse.Chromium;
import dev.gatehouse.mfa.MfaApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passkeys in a real browser: headless Chromium with its virtual authenticator (CTAP2, resident
 * keys, user verification). A person signs in with the password, adds a passkey on
 * /account/passkeys, signs out, and signs in on /login with the passkey and no password; with the
 * authenticator's user verification failing the sign-in is refused. Pages are opened on
 * http://localhost (a secure context), so the RP id is localhost. Screenshots: target/screenshots.
 */
@QuarkusTest
class PasskeyBrowserTest {

    @TestHTTPResource("/")
    URL root;

    WebDriver driver;
    VirtualAuthenticator authenticator;

    @BeforeEach
    void startBrowser() throws IOException {
        driver = Chromium.start();
        authenticator = Chromium.virtualAuthenticator(driver);
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private String signedInUrl() {
        return root + "login/signed-in";
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    private void loginPage() {
        driver.get(root + "login?return_to=" + URLEncoder.encode(signedInUrl(), StandardCharsets.UTF_8));
    }

    /** Password sign-in on the hosted page, then a passkey added on /account/passkeys; answers the e-mail. */
    private String signUpAndAddPasskey(String shotPrefix) throws IOException {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        loginPage();
        if (shotPrefix != null) {
            waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-button")));
            waiting().until(d -> "username webauthn".equals(d.findElement(By.id("username")).getAttribute("autocomplete")));
            Chromium.shot(driver, "passkey-login");
            // No passkey on this device yet: the autofill request says nothing.
            assertTrue(!driver.findElement(By.id("passkey-error")).isDisplayed(), "no error before anyone asked");
        }
        driver.findElement(By.id("username")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD + "\n");
        waiting().until(ExpectedConditions.urlToBe(signedInUrl()));

        driver.get(root + "account/passkeys");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("no-passkeys")));
        if (shotPrefix != null) {
            Chromium.shot(driver, shotPrefix + "-none");
        }
        driver.findElement(By.id("passkey-name")).sendKeys("This laptop");
        driver.findElement(By.id("passkey-add")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("passkey-list")));
        if (shotPrefix != null) {
            Chromium.shot(driver, shotPrefix + "-added");
        }
        assertTrue(driver.findElement(By.id("passkey-list")).getText().contains("This laptop"));
        assertEquals(1, authenticator.getCredentials().size(), "a resident credential on the authenticator");
        assertTrue(authenticator.getCredentials().get(0).isResidentCredential());
        return email;
    }

    /**
     * Signs out: POST /auth/logout with the browser's session cookie (as the page's fetch would send
     * it), then the browser drops the cookie as the answer's Set-Cookie says. (Not from /login: its
     * autofill request would sign straight back in with the virtual authenticator's passkey.)
     */
    private void signOut() {
        Cookie session = driver.manage().getCookieNamed("__Host-gatehouse-session");
        given().cookie("__Host-gatehouse-session", session.getValue()).header("X-Requested-With", "fetch")
                .post("/auth/logout").then().statusCode(204).header("Set-Cookie", org.hamcrest.Matchers.containsString("Max-Age=0"));
        driver.manage().deleteCookieNamed("__Host-gatehouse-session");
        // The old cookie no longer opens the passkey page: sent to sign in.
        given().redirects().follow(false).cookie("__Host-gatehouse-session", session.getValue()).get("/account/passkeys")
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.containsString("/login?return_to="));
    }

    @Test
    void passkeyWhenRegisteredThenSignOutAndSignInWithoutPassword() throws IOException {
        signUpAndAddPasskey("passkeys-page");
        signOut();

        // The sign-in page's autofill request (conditional mediation, autocomplete="username webauthn")
        // is answered by the virtual authenticator's discoverable passkey: signed in with no password typed.
        loginPage();
        waiting().until(ExpectedConditions.urlToBe(signedInUrl()));
        Chromium.shot(driver, "passkey-login-signed-in");
        assertEquals("You are signed in", driver.findElement(By.id("heading")).getText());
        Cookie session = driver.manage().getCookieNamed("__Host-gatehouse-session");
        assertTrue(session != null && session.isHttpOnly() && session.isSecure(), "the session cookie is set");

        // The session is a passkey sign-in: amr hwk (or swk), user, mfa.
        String access = given().cookie("__Host-gatehouse-session", session.getValue()).header("X-Requested-With", "fetch")
                .post("/auth/refresh").then().statusCode(200).extract().path("access_token");
        String amr = MfaApi.amrOf(access);
        assertTrue(amr.equals("[\"hwk\",\"user\",\"mfa\"]") || amr.equals("[\"swk\",\"user\",\"mfa\"]"), amr);
    }

    /** A passkey as the second factor after the password, on the hosted code step. */
    @Test
    void codeStepWhenPasskeyUsedThenSignedInWithPasswordAndPasskey() throws IOException {
        MfaApi.Enrolled a = MfaApi.enrolled();
        loginPage();
        driver.findElement(By.id("username")).sendKeys(a.email());
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD + "\n");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        // No passkey yet: the code step offers codes only.
        assertTrue(!driver.findElement(By.id("passkey-mfa")).isDisplayed());
        driver.findElement(By.id("code")).sendKeys(a.code(1) + "\n");
        waiting().until(ExpectedConditions.urlToBe(signedInUrl()));
        driver.get(root + "account/passkeys");
        driver.findElement(By.id("passkey-name")).sendKeys("Security key");
        driver.findElement(By.id("passkey-add")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("passkey-list")));
        signOut();
        // A security key without a discoverable credential: it answers the code step (which lists the
        // account's passkeys) but not the sign-in page's autofill, so the password comes first.
        org.openqa.selenium.virtualauthenticator.Credential made = authenticator.getCredentials().get(0);
        authenticator.removeAllCredentials();
        authenticator.addCredential(org.openqa.selenium.virtualauthenticator.Credential.createNonResidentCredential(
                made.getId(), made.getRpId(), made.getPrivateKey(), made.getSignCount()));

        loginPage();
        driver.findElement(By.id("username")).sendKeys(a.email());
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD + "\n");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-mfa-button")));
        Chromium.shot(driver, "passkey-mfa-step");
        driver.findElement(By.id("passkey-mfa-button")).click();
        waiting().until(ExpectedConditions.urlToBe(signedInUrl()));
        Cookie session = driver.manage().getCookieNamed("__Host-gatehouse-session");
        String access = given().cookie("__Host-gatehouse-session", session.getValue()).header("X-Requested-With", "fetch")
                .post("/auth/refresh").then().statusCode(200).extract().path("access_token");
        String amr = MfaApi.amrOf(access);
        assertTrue(amr.startsWith("[\"pwd\",\"hwk\"") || amr.startsWith("[\"pwd\",\"swk\""), amr);
        assertTrue(amr.contains("\"mfa\""), amr);
    }

    @Test
    void passkeyWhenUserVerificationFailsThenRefusedAndNoSession() throws IOException {
        signUpAndAddPasskey(null);
        signOut();
        authenticator.setUserVerified(false);

        // The autofill request fails (user verification required) without a word, and the button fails with one.
        loginPage();
        waiting().until(d -> "username webauthn".equals(d.findElement(By.id("username")).getAttribute("autocomplete")));
        assertTrue(!driver.findElement(By.id("passkey-error")).isDisplayed(), "autofill failures are silent");
        driver.findElement(By.id("passkey-button")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-error")));
        Chromium.shot(driver, "passkey-login-uv-failed");
        assertTrue(driver.findElement(By.id("passkey-error")).getText().contains("did not complete")
                || driver.findElement(By.id("passkey-error")).getText().contains("not accepted"));
        assertNull(driver.manage().getCookieNamed("__Host-gatehouse-session"), "no session");
        assertTrue(driver.getCurrentUrl().startsWith(root + "login"));

        // With user verification back, the button signs in.
        authenticator.setUserVerified(true);
        driver.findElement(By.id("passkey-button")).click();
        waiting().until(ExpectedConditions.urlToBe(signedInUrl()));
        assertTrue(driver.manage().getCookieNamed("__Host-gatehouse-session") != null, "signed in by the button");
    }
}
