package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.server.console.ConsoleClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless chromium driven by chromium-driver through Selenium (installed by
 * {@code .ci/run}). Log in, see the simulated device online, open pairing and approve a second device by the code it
 * shows, watch a value change, flip the led and see the device confirm it, log out. Screenshots go to
 * {@code device/target/console-screenshots/}.
 */
class ConsoleBrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    @TempDir
    Path serverDir;
    @TempDir
    Path newDeviceDir;
    @TempDir
    Path browserProfile;
    ConsoleRig rig;
    HomeFixture home;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void setUp() throws Exception {
        rig = new ConsoleRig(serverDir);
        home = rig.home;
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), chrome());
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    /**
     * Headless, quiet (no updates, sync or QUIC traffic), a fresh profile, and the server's certificate pinned by its
     * public key: the browser checks the TLS connection against exactly that key instead of a system CA store.
     */
    private ChromeOptions chrome() throws Exception {
        X509Certificate leaf = PemFiles.readCertificates(serverDir.resolve("server.crt")).get(0);
        String spki = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(leaf.getPublicKey().getEncoded()));
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,900", "--user-data-dir=" + browserProfile,
                "--ignore-certificate-errors-spki-list=" + spki);
        return o;
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        rig.close();
    }

    @Test
    void anAdminPairsADeviceWatchesValuesAndFlipsTheLedWithoutAShell() throws Exception {
        browser.get(home.consoleUri().toString());
        type(By.id("login-user"), "root");
        type(By.id("login-password"), "rootpw");
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-device='gina3.pekkahome']"), "online"));
        Cookie session = browser.manage().getCookieNamed("__Host-ioswitch");
        assertNotNull(session);
        assertTrue(session.isHttpOnly() && session.isSecure(), "HttpOnly and Secure");
        assertEquals("Strict", session.getSameSite());
        screenshot("console-devices");

        browser.findElement(By.id("nav-pairing")).click();
        WebElement minutes = wait.until(ExpectedConditions.elementToBeClickable(By.id("pairing-minutes")));
        minutes.clear();
        minutes.sendKeys("10");
        browser.findElement(By.id("pairing-open")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pairing-state"), "open until"));
        String code = rig.startNewDevice(newDeviceDir);
        By codeInput = By.cssSelector("input[data-code='gina*.pekkahome']");
        type(codeInput, code);
        screenshot("console-pairing");
        browser.findElement(By.cssSelector("button[data-approve='gina*.pekkahome']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-paired='gina4.pekkahome']"), "online"));
        assertEquals("connected gina4.pekkahome", rig.events.poll(30, TimeUnit.SECONDS));

        browser.findElement(By.id("nav-devices")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("gina3.pekkahome"))).click();
        By counter = By.cssSelector("td[data-signal='exp.counter']");
        wait.until(d -> !d.findElement(counter).getText().isEmpty());
        String before = browser.findElement(counter).getText();
        wait.until(d -> !d.findElement(counter).getText().equals(before));
        assertTrue(Long.parseLong(browser.findElement(counter).getText()) > Long.parseLong(before),
                "the counter moves on the page without a reload");
        assertEquals("unset", browser.findElement(By.cssSelector("td[data-state='imp.setpoint']")).getText(),
                "a value nobody wrote");

        browser.findElement(By.cssSelector("button[data-set='imp.led'][data-value='true']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-result='imp.led']"),
                "applied"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("td[data-signal='exp.led_state']"), "true"));
        assertEquals("true", browser.findElement(By.cssSelector("td[data-signal='imp.led']")).getText());
        screenshot("console-device");

        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "logged out"));
        ConsoleClient old = new ConsoleClient(home.consoleUri(), home.root);
        old.cookie = "__Host-ioswitch=" + session.getValue();
        assertEquals(401, old.get("api/v1/devices").status(), "the session is gone at the server, not in the page only");
    }

    private void type(By where, String text) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(where));
        e.clear();
        e.sendKeys(text);
    }

    private void screenshot(String name) throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
