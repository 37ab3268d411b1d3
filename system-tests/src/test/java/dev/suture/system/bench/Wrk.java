package dev.suture.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** One run of wrk against a URL, and what it measured. */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern COUNT = Pattern.compile("([0-9]+) requests in");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$");
    private static final Pattern FAILURES = Pattern.compile("(Non-2xx or 3xx responses|Socket errors):.*");

    private Wrk() {}

    /**
     * Runs wrk with one thread, its command line after {@code prefix} (such as {@code taskset -c 0}) and with the Lua
     * {@code script} when there is one; fails when any response was not a success or any socket failed.
     */
    static Result run(List<String> prefix, String url, int connections, int seconds, @Nullable Path script) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency", "--timeout", "5s"));
        if (script != null) {
            command.add("-s");
            command.add(script.toString());
        }
        command.add(url);
        String output = execute(command);
        Matcher failures = FAILURES.matcher(output);
        if (failures.find()) {
            throw new IllegalStateException(
                    "wrk saw failures against " + url + ": " + failures.group() + "\n" + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (String line : output.split("\n")) {
            Matcher percentile = PERCENTILE.matcher(line);
            if (percentile.matches()) {
                double millis = toMillis(Double.parseDouble(percentile.group(2)), percentile.group(3));
                if (percentile.group(1).equals("50")) {
                    p50 = millis;
                } else {
                    p99 = millis;
                }
            }
        }
        Matcher rate = RATE.matcher(output);
        Matcher count = COUNT.matcher(output);
        if (!rate.find() || !count.find() || Double.isNaN(p50) || Double.isNaN(p99)) {
            throw new IllegalStateException("could not read wrk's output:\n" + output);
        }
        return new Result(Long.parseLong(count.group(1)), Double.parseDouble(rate.group(1)), p50, p99);
    }

    private static double toMillis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1_000;
            case "ms" -> value;
            case "s" -> value * 1_000;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }

    private static String execute(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * What one run measured.
     *
     * @param requests requests completed
     * @param requestsPerSecond throughput
     * @param p50Millis median latency
     * @param p99Millis 99th percentile latency
     */
    record Result(long requests, double requestsPerSecond, double p50Millis, double p99Millis) {

        /** Each figure's median over the runs, taken figure by figure. */
        static Result median(List<Result> runs) {
            return new Result(
                    (long) median(runs, Result::requests),
                    median(runs, Result::requestsPerSecond),
                    median(runs, Result::p50Millis),
                    median(runs, Result::p99Millis));
        }

        private static double median(List<Result> runs, ToDoubleFunction<Result> figure) {
            List<Double> sorted = runs.stream()
                    .map(figure::applyAsDouble)
                    .sorted(Comparator.naturalOrder())
                    .toList();
            return sorted.get(sorted.size() / 2);
        }

        @Override
        public String toString() {
            return "%8.0f req/s  p50 %6.2f ms  p99 %6.2f ms".formatted(requestsPerSecond, p50Millis, p99Millis);
        }
    }
}
