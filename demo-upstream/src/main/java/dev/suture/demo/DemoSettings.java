package dev.suture.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a demo upstream process starts, from {@code --name=value} arguments or else environment variables, else the
 * defaults below.
 *
 * @param service the service's name; instances are named {@code service-1}, {@code service-2}, ... (--service,
 *     DEMO_SERVICE; default orders)
 * @param ports one port per instance (--ports, DEMO_PORTS, comma-separated; default 9001,9002,9003; 0 for a free one)
 * @param controlPort the fault API's port (--control-port, DEMO_CONTROL_PORT; default 9000)
 * @param bind the address every listener binds (--bind, DEMO_BIND; default 127.0.0.1)
 * @param latencyMs each instance's usual time per request, milliseconds (--latency-ms, DEMO_LATENCY_MS; default 10)
 * @param capacityRps requests per second an instance handles at its usual latency (--capacity-rps,
 *     DEMO_CAPACITY_RPS; default 20; 0 for unlimited)
 */
public record DemoSettings(
        String service, List<Integer> ports, int controlPort, InetAddress bind, long latencyMs, int capacityRps) {

    private static final List<String> NAMES =
            List.of("service", "ports", "control-port", "bind", "latency-ms", "capacity-rps");

    public DemoSettings {
        ports = List.copyOf(ports);
        if (!service.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException(
                    "service must be 1 to 41 lowercase letters, digits or - but was " + service);
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("ports must list at least one port");
        }
        Faults.healthy(latencyMs, capacityRps); // checks both
    }

    public static DemoSettings from(String[] args, Map<String, String> environment) {
        Map<String, String> given = new java.util.HashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            if (!arg.startsWith("--") || pair.length != 2 || !NAMES.contains(pair[0])) {
                throw new IllegalArgumentException(
                        "unknown argument " + arg + "; known: --" + String.join("=, --", NAMES) + "=");
            }
            given.put(pair[0], pair[1]);
        }
        for (String name : NAMES) {
            String variable = "DEMO_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            if (!given.containsKey(name) && environment.containsKey(variable)) {
                given.put(name, environment.get(variable));
            }
        }
        return new DemoSettings(
                given.getOrDefault("service", "orders"),
                ports(given.getOrDefault("ports", "9001,9002,9003")),
                number(given, "control-port", "9000"),
                address(given.getOrDefault("bind", "127.0.0.1")),
                number(given, "latency-ms", "10"),
                number(given, "capacity-rps", "20"));
    }

    private static List<Integer> ports(String list) {
        List<Integer> ports = new ArrayList<>();
        for (String port : Arrays.asList(list.split(","))) {
            try {
                ports.add(Integer.parseInt(port.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ports must be comma-separated numbers but was " + list, e);
            }
        }
        return ports;
    }

    private static int number(Map<String, String> given, String name, String fallback) {
        String value = given.getOrDefault(name, fallback);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number but was " + value, e);
        }
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind must be an address but was " + host, e);
        }
    }
}
