package org.carepath.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (nothing is downloaded): a
 * fresh profile per browser, the flags this machine's closed network needs, and the checks the web
 * app's tests share — sign in at the issuer, axe-core's WCAG 2.2 AA scan, screenshots.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final WebDriver driver;
  private final Path profile;
  private final String appBase;

  /** Fails (never skips) when the browser is missing: .ci/run installs it. */
  public static void requireInstalled() {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "The browser tests need Debian's chromium and chromium-driver (%s, %s): apt-get install"
                + " chromium chromium-driver (.ci/run does this)",
            CHROMIUM, CHROMEDRIVER)
        .isTrue();
  }

  public Browser(String appBase) {
    requireInstalled();
    this.appBase = appBase;
    try {
      this.profile = Files.createTempDirectory("carepath-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=1280,1000");
    // The page's console, read back when a wait fails (a script error explains most).
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    this.driver = new ChromeDriver(service, options);
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String pathAndHash) {
    driver.get(appBase + pathAndHash);
  }

  /** Signs in at the issuer's page as a demo user, from the app's sign-in button. */
  public void signIn(String username) {
    open("/app/");
    waitFor(d -> !d.findElements(By.id("sign-in")).isEmpty());
    driver.findElement(By.id("sign-in")).click();
    waitFor(d -> !d.findElements(By.id("sign-in-" + username)).isEmpty());
    driver.findElement(By.id("sign-in-" + username)).click();
    waitFor(d -> !d.findElements(By.id("signed-in-as")).isEmpty());
  }

  public <T> T waitFor(Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition::apply);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Timed out at "
              + driver.getCurrentUrl()
              + "\nPage: "
              + text()
              + "\nMain: "
              + ((JavascriptExecutor) driver)
                  .executeScript(
                      "const m = document.querySelector('main'); return m ? m.innerHTML.slice(0, 3000) : '';")
              + "\nConsole: "
              + driver.manage().logs().get(LogType.BROWSER).getAll(),
          e);
    }
  }

  public WebElement waitForElement(By by) {
    return waitFor(
        d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  public String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  /** Presses Tab until the focused element matches (at most 60 presses); keyboard only. */
  public WebElement tabTo(Function<WebElement, Boolean> wanted) {
    for (int i = 0; i < 60; i++) {
      new Actions(driver).sendKeys(Keys.TAB).perform();
      WebElement focused = driver.switchTo().activeElement();
      if (wanted.apply(focused)) {
        return focused;
      }
    }
    throw new AssertionError("Tab never reached the element");
  }

  public void keys(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  public WebElement focused() {
    return driver.switchTo().activeElement();
  }

  /** axe-core's WCAG 2.0–2.2 A and AA rules over the page as it stands: the violations found. */
  @SuppressWarnings("unchecked")
  public List<String> accessibilityViolations() {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript(axeSource());
    Object result =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
                + " 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
                + ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help"
                + " + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))"
                + ".catch(e => done(['axe failed: ' + e]));");
    return (List<String>) result;
  }

  /** Whether the page scrolls sideways (WCAG 1.4.10 reflow at 320 CSS pixels). */
  public boolean scrollsHorizontally() {
    Object wider =
        ((JavascriptExecutor) driver)
            .executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1;");
    return Boolean.TRUE.equals(wider);
  }

  public long innerWidth() {
    return ((Number) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;"))
        .longValue();
  }

  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves a screenshot as target/screenshots/{name}.png (docs/screenshots holds the chosen). */
  public void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String axeSource() {
    try (InputStream in = Browser.class.getResourceAsStream("/web-app-test/axe.min.js")) {
      assertThat(in).as("axe-core from the web-app module's test jar").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary profile left behind is harmless.
    }
  }
}
