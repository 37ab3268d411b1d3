package dev.suture.control.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestConstructor;

/**
 * The browsable API explorer ({@code /swagger-ui.html}) in a real headless Chromium against the running control
 * service: it describes Suture's API, not a sample one, and a request sent from it reaches the service and shows the
 * answer.
 *
 * <p>The browser is Debian's {@code chromium} with {@code chromium-driver}, which {@code .ci/run} installs. Where they
 * are missing the test is skipped, unless {@code SUTURE_REQUIRE_BROWSER} is set (CI sets it), so that it can never
 * pass on CI without having run.
 */
@AdminApiTest
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiExplorerBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final int port;
    private final AdminClient api;
    private WebDriver browser;

    ApiExplorerBrowserTest(@LocalServerPort int port) {
        this.port = port;
        this.api = new AdminClient(port);
    }

    @BeforeAll
    void startBrowser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("SUTURE_REQUIRE_BROWSER") != null) {
            assertThat(installed)
                    .as("%s and %s (SUTURE_REQUIRE_BROWSER is set)", CHROMIUM, CHROMEDRIVER)
                    .isTrue();
        }
        Assumptions.assumeTrue(installed, "no " + CHROMIUM + " with " + CHROMEDRIVER + "; .ci/run installs them");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                // Root in a container needs --no-sandbox; the rest keep Chromium off the network it cannot reach.
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1400,1000");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theExplorerListsSuturesOperationsAndSendsARequestToTheService() {
        AdminClient.Reply created = api.post(
                "/api/v1/routes",
                "{\"id\": \"explorer-orders\", \"path\": \"/explorer-orders/**\","
                        + " \"upstreams\": [{\"url\": \"http://127.0.0.1:9001\"}]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        browser.get("http://127.0.0.1:" + port + "/swagger-ui.html");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("h3.opblock-tag")));

        List<String> tags = browser.findElements(By.cssSelector("h3.opblock-tag")).stream()
                .map(tag -> tag.getAttribute("data-tag"))
                .toList();
        assertThat(tags).as("the page describes Suture's API").contains("Routes", "Policies");
        assertThat(browser.findElements(By.id("operations-Routes-listRoutes")))
                .as("GET /api/v1/routes")
                .hasSize(1);

        WebElement listRoutes = browser.findElement(By.id("operations-Routes-listRoutes"));
        listRoutes.findElement(By.cssSelector(".opblock-summary-control")).click();
        wait.until(ExpectedConditions.elementToBeClickable(listRoutes.findElement(By.cssSelector(".try-out__btn"))))
                .click();
        wait.until(ExpectedConditions.elementToBeClickable(listRoutes.findElement(By.cssSelector(".execute"))))
                .click();
        WebElement status = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(
                listRoutes, By.cssSelector(".live-responses-table tr.response .response-col_status")));
        WebElement body = listRoutes.findElement(
                By.cssSelector(".live-responses-table tr.response .response-col_description pre"));

        assertThat(status.getText())
                .as("the status the service answered in the page")
                .isEqualTo("200");
        assertThat(body.getText()).as("the body it answered").contains("\"explorer-orders\"");
    }
}
