package dev.suture.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one instance misbehaves. Immutable; an instance swaps in a new value whole, so a request sees one consistent set.
 *
 * @param errorRate share of requests answered with {@code errorStatus}, 0 to 1
 * @param errorStatus the status of those answers, 400 to 599
 * @param latencyMs time each request takes before it is answered, milliseconds, 0 to 60000
 * @param dropRate share of requests whose connection is closed without an answer, 0 to 1
 * @param listening false to stop listening, so that connections to the instance are refused
 * @param credentialsExpireAt from this moment every request is answered 401; null when credentials never expire
 * @param capacityRps requests per second the instance handles at {@code latencyMs}; above it each request per second
 *     too many adds {@link #OVERLOAD_PENALTY_MS} to every answer. 0 means unlimited
 */
public record Faults(
        double errorRate,
        int errorStatus,
        long latencyMs,
        double dropRate,
        boolean listening,
        @Nullable Instant credentialsExpireAt,
        int capacityRps) {

    /** Latency added per request per second above capacity, milliseconds. */
    public static final long OVERLOAD_PENALTY_MS = 20;

    /** The longest an overloaded instance makes a request wait, milliseconds. */
    public static final long MAX_OVERLOAD_DELAY_MS = 5_000;

    /** The query parameters {@link #with} understands. */
    public static final List<String> PARAMETERS = List.of(
            "errorRate",
            "errorStatus",
            "latencyMs",
            "dropRate",
            "listening",
            "credentialsExpireInSeconds",
            "capacityRps");

    public Faults {
        List<String> problems = new ArrayList<>();
        check(problems, errorRate >= 0 && errorRate <= 1, "errorRate must be between 0 and 1 but was " + errorRate);
        check(
                problems,
                errorStatus >= 400 && errorStatus <= 599,
                "errorStatus must be between 400 and 599 but was " + errorStatus);
        check(
                problems,
                latencyMs >= 0 && latencyMs <= 60_000,
                "latencyMs must be between 0 and 60000 but was " + latencyMs);
        check(problems, dropRate >= 0 && dropRate <= 1, "dropRate must be between 0 and 1 but was " + dropRate);
        check(
                problems,
                capacityRps >= 0 && capacityRps <= 100_000,
                "capacityRps must be between 0 and 100000 but was " + capacityRps);
        if (!problems.isEmpty()) {
            throw new InvalidFaultException(String.join("; ", problems));
        }
    }

    /** A healthy instance: no errors, no drops, listening, credentials valid, with its usual latency and capacity. */
    public static Faults healthy(long latencyMs, int capacityRps) {
        return new Faults(0, 500, latencyMs, 0, true, null, capacityRps);
    }

    /**
     * These faults with the given query parameters changed; parameters left out keep their value. {@code now} anchors
     * {@code credentialsExpireInSeconds}.
     */
    public Faults with(Map<String, String> parameters, Instant now) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new InvalidFaultException("unknown parameter " + name + "; known: " + PARAMETERS);
            }
        }
        String expireIn = parameters.get("credentialsExpireInSeconds");
        return new Faults(
                decimal(parameters, "errorRate", errorRate),
                (int) whole(parameters, "errorStatus", errorStatus),
                whole(parameters, "latencyMs", latencyMs),
                decimal(parameters, "dropRate", dropRate),
                flag(parameters, "listening", listening),
                expireIn == null ? credentialsExpireAt : now.plusSeconds(seconds(expireIn)),
                (int) whole(parameters, "capacityRps", capacityRps));
    }

    /** Whether requests at {@code now} are refused as unauthorized. */
    public boolean credentialsExpired(Instant now) {
        return credentialsExpireAt != null && !now.isBefore(credentialsExpireAt);
    }

    /** The time one request takes when the instance sees {@code load} requests per second. */
    public long delayMillis(long load) {
        if (capacityRps == 0 || load <= capacityRps) {
            return latencyMs;
        }
        return latencyMs + Math.min(MAX_OVERLOAD_DELAY_MS, (load - capacityRps) * OVERLOAD_PENALTY_MS);
    }

    String toJson() {
        return "{\"errorRate\": " + errorRate + ", \"errorStatus\": " + errorStatus + ", \"latencyMs\": " + latencyMs
                + ", \"dropRate\": " + dropRate + ", \"listening\": " + listening + ", \"credentialsExpireAt\": "
                + (credentialsExpireAt == null ? "null" : "\"" + credentialsExpireAt + "\"") + ", \"capacityRps\": "
                + capacityRps + "}";
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static double decimal(Map<String, String> parameters, String name, double current) {
        String value = parameters.get(name);
        try {
            return value == null ? current : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidFaultException(name + " must be a number but was " + value);
        }
    }

    private static long whole(Map<String, String> parameters, String name, long current) {
        String value = parameters.get(name);
        try {
            return value == null ? current : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidFaultException(name + " must be a whole number but was " + value);
        }
    }

    private static boolean flag(Map<String, String> parameters, String name, boolean current) {
        String value = parameters.get(name);
        if (value == null) {
            return current;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidFaultException(name + " must be true or false but was " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private static long seconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0 && seconds <= 86_400) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new InvalidFaultException("credentialsExpireInSeconds must be between 0 and 86400 but was " + value);
    }
}
