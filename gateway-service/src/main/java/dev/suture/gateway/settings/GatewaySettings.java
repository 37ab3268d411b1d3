package dev.suture.gateway.settings;

import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.validation.SpecCheck;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * The gateway's settings after defaults are filled in and every value is checked. Immutable; one instance lives for
 * the life of the application.
 *
 * @param id unique id of this gateway instance in the fleet
 * @param configuredAddress the address set by the operator, or null to derive it from host name and port
 * @param hostName this machine's host name, used for the derived address
 * @param softwareVersion this build's version, reported to the control service
 * @param controlUrl base URL of the control service, without a trailing slash
 * @param snapshotFile where the last good snapshot is kept
 * @param minBackoff first reconnect delay
 * @param maxBackoff longest reconnect delay
 * @param heartbeatTimeout stream silence that counts as a broken stream
 * @param ackTimeout time allowed for one ack post
 * @param maxRoutes most routes accepted in one snapshot
 * @param reportInterval length of one signal report window
 * @param reportBuffer most unsent report windows kept while the control service is unreachable
 * @param reportTimeout time allowed for one report post
 */
public record GatewaySettings(
        String id,
        @Nullable String configuredAddress,
        String hostName,
        String softwareVersion,
        URI controlUrl,
        Path snapshotFile,
        Duration minBackoff,
        Duration maxBackoff,
        Duration heartbeatTimeout,
        Duration ackTimeout,
        int maxRoutes,
        Duration reportInterval,
        int reportBuffer,
        Duration reportTimeout) {

    /** Report windows the wire contract accepts ({@code SignalReport.windowMillis}). */
    private static final Duration MIN_REPORT_INTERVAL = Duration.ofMillis(100);

    private static final Duration MAX_REPORT_INTERVAL = Duration.ofSeconds(60);

    public GatewaySettings {
        require(SpecCheck.NAME.matcher(id).matches(), "suture.gateway.id", id, "must be 1-63 of [a-z0-9_-]");
        String scheme = controlUrl.getScheme();
        require(
                ("http".equals(scheme) || "https".equals(scheme)) && controlUrl.getHost() != null,
                "suture.control.url",
                controlUrl,
                "must be an absolute http or https URL");
        requirePositive("suture.control.min-backoff", minBackoff);
        require(maxBackoff.compareTo(minBackoff) >= 0, "suture.control.max-backoff", maxBackoff, "must be >= min");
        requirePositive("suture.control.heartbeat-timeout", heartbeatTimeout);
        requirePositive("suture.control.ack-timeout", ackTimeout);
        require(
                maxRoutes >= 1 && maxRoutes <= ConfigSnapshot.MAX_ROUTES,
                "suture.gateway.max-routes",
                maxRoutes,
                "must be between 1 and " + ConfigSnapshot.MAX_ROUTES);
        require(
                reportInterval.compareTo(MIN_REPORT_INTERVAL) >= 0
                        && reportInterval.compareTo(MAX_REPORT_INTERVAL) <= 0,
                "suture.gateway.report-interval",
                reportInterval,
                "must be between 100ms and 60s");
        require(
                reportBuffer >= 1 && reportBuffer <= 3_600,
                "suture.gateway.report-buffer",
                reportBuffer,
                "must be between 1 and 3600");
        requirePositive("suture.control.report-timeout", reportTimeout);
    }

    /** Fills in the documented defaults; {@code random} only feeds the suffix of a generated id. */
    public static GatewaySettings resolve(
            SutureProperties properties, String hostName, String softwareVersion, RandomGenerator random) {
        SutureProperties.Control control = properties.control();
        SutureProperties.Gateway gateway = properties.gateway();
        String id = gateway.id() != null ? gateway.id() : generatedId(hostName, random);
        Path snapshotFile = gateway.snapshotFile() != null
                ? gateway.snapshotFile()
                : Path.of("data", "gateway-" + id, "snapshot.json");
        return new GatewaySettings(
                id,
                gateway.address(),
                hostName,
                softwareVersion,
                withoutTrailingSlash(control.url()),
                snapshotFile,
                control.minBackoff(),
                control.maxBackoff(),
                control.heartbeatTimeout(),
                control.ackTimeout(),
                gateway.maxRoutes(),
                gateway.reportInterval(),
                gateway.reportBuffer(),
                control.reportTimeout());
    }

    /** Where this gateway serves traffic, with the port the web server actually bound (it may be 0 in config). */
    public String address(Environment environment) {
        Integer configured = environment.getProperty("server.port", Integer.class, 8080);
        return address(environment.getProperty("local.server.port", Integer.class, configured));
    }

    /** Where this gateway serves traffic: the configured address, or one derived from the host name and port. */
    public String address(int serverPort) {
        return configuredAddress != null ? configuredAddress : "http://" + hostName + ":" + serverPort;
    }

    /** The host name reduced to id characters, plus six random hex digits so that two instances never clash. */
    static String generatedId(String hostName, RandomGenerator random) {
        String base = hostName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        base = base.replaceAll("^[^a-z0-9]+", "");
        if (base.length() > 50) {
            base = base.substring(0, 50);
        }
        String suffix = HexFormat.of().toHexDigits(random.nextInt()).substring(2);
        return base.isEmpty() ? "gateway-" + suffix : base + "-" + suffix;
    }

    private static URI withoutTrailingSlash(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    private static void requirePositive(String property, Duration value) {
        require(!value.isNegative() && !value.isZero(), property, value, "must be positive");
    }

    private static void require(boolean condition, String property, Object value, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(property + " " + rule + " but was " + value);
        }
    }
}
