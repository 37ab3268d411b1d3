package dev.suture.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@code ./run-local.sh} starts, from its arguments. A port of 0 means a free port chosen at start, which is
 * what tests use.
 *
 * @param gateways how many gateways (--gateways=N; default 2)
 * @param controlPort the control service's port (--control-port=P; default 8081)
 * @param gatewayPort the first gateway's port; the others take the next ports, skipping the control service's
 *     (--gateway-port=P; default 8080, so 8080, 8082, 8083, ...)
 * @param upstreamPort the demo upstreams' first port: orders' fault API on it and its instances on the next three,
 *     inventory the same 100 higher (--upstream-port=P; default 9000: 9000-9003 and 9100-9103)
 * @param dataDir where the embedded PostgreSQL, the gateways' saved snapshots and every service's log are kept
 *     (--data=DIR; default data)
 * @param demo run the scripted walkthrough once everything is up, then stop (--demo)
 */
public record LocalOptions(
        int gateways, int controlPort, int gatewayPort, int upstreamPort, Path dataDir, boolean demo) {

    /** Instances of each demo service. */
    public static final int INSTANCES_PER_SERVICE = 3;

    /** The demo services, with the offset of their ports from {@link #upstreamPort}. */
    public static final List<String> SERVICES = List.of("orders", "inventory");

    public LocalOptions {
        if (gateways < 1 || gateways > 20) {
            throw new IllegalArgumentException("--gateways must be between 1 and 20 but was " + gateways);
        }
    }

    public static LocalOptions defaults() {
        return new LocalOptions(2, 8081, 8080, 9000, Path.of("data"), false);
    }

    public static LocalOptions parse(String[] args) {
        LocalOptions options = defaults();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            String value = pair.length == 2 ? pair[1] : "";
            options = switch (pair[0]) {
                case "--gateways" -> options.withGateways(number(arg, value));
                case "--control-port" ->
                    new LocalOptions(
                            options.gateways,
                            number(arg, value),
                            options.gatewayPort,
                            options.upstreamPort,
                            options.dataDir,
                            options.demo);
                case "--gateway-port" ->
                    new LocalOptions(
                            options.gateways,
                            options.controlPort,
                            number(arg, value),
                            options.upstreamPort,
                            options.dataDir,
                            options.demo);
                case "--upstream-port" ->
                    new LocalOptions(
                            options.gateways,
                            options.controlPort,
                            options.gatewayPort,
                            number(arg, value),
                            options.dataDir,
                            options.demo);
                case "--data" -> options.withDataDir(Path.of(value));
                case "--demo" -> options.withDemo(true);
                default ->
                    throw new IllegalArgumentException("unknown argument " + arg
                            + "; known: --gateways=N --control-port=P --gateway-port=P --upstream-port=P"
                            + " --data=DIR --demo");
            };
        }
        return options;
    }

    /** Every port free and chosen at start: no clash with anything else on the machine. */
    public LocalOptions onFreePorts() {
        return new LocalOptions(gateways, 0, 0, 0, dataDir, demo);
    }

    public LocalOptions withGateways(int count) {
        return new LocalOptions(count, controlPort, gatewayPort, upstreamPort, dataDir, demo);
    }

    public LocalOptions withDataDir(Path dir) {
        return new LocalOptions(gateways, controlPort, gatewayPort, upstreamPort, dir, demo);
    }

    public LocalOptions withDemo(boolean on) {
        return new LocalOptions(gateways, controlPort, gatewayPort, upstreamPort, dataDir, on);
    }

    /** The gateways' ports in order; with a first port of 0 each is chosen free. */
    List<Integer> gatewayPorts() {
        if (gatewayPort == 0) {
            return Collections.nCopies(gateways, 0);
        }
        List<Integer> ports = new ArrayList<>();
        for (int port = gatewayPort; ports.size() < gateways; port++) {
            if (port != controlPort) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static int number(String arg, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arg + " needs a whole number", e);
        }
    }
}
