package dev.suture.control.incident;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One scrape of {@code /actuator/prometheus} in the text format, read into samples, so a test can look a series up by
 * its Prometheus name and labels. Histogram bounds ({@code le}) match by value, whatever their spelling.
 */
final class PrometheusScrape {

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(Sample.parse(line));
            }
        }
        return new PrometheusScrape(samples);
    }

    /** The series' value; fails when the scrape has no such series. */
    double value(String name, String... labels) {
        return find(name, labels)
                .orElseThrow(() -> new AssertionError("no series " + name + " " + List.of(labels) + " in the scrape"));
    }

    /** How much the series grew since {@code earlier}, where it may not have existed yet. */
    double since(PrometheusScrape earlier, String name, String... labels) {
        return value(name, labels) - earlier.find(name, labels).orElse(0);
    }

    private OptionalDouble find(String name, String... labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.has(labels))
                .mapToDouble(Sample::value)
                .findFirst();
    }

    private record Sample(String name, Map<String, String> labels, double value) {

        static Sample parse(String line) {
            int brace = line.indexOf('{');
            int space = brace < 0 ? line.indexOf(' ') : line.indexOf(' ', line.lastIndexOf('}'));
            String name = line.substring(0, brace < 0 ? space : brace);
            Map<String, String> labels = new HashMap<>();
            if (brace >= 0) {
                for (String pair :
                        line.substring(brace + 1, line.lastIndexOf('}')).split(",")) {
                    if (!pair.isBlank()) {
                        String[] parts = pair.split("=", 2);
                        labels.put(parts[0].strip(), parts[1].strip().replaceAll("^\"|\"$", ""));
                    }
                }
            }
            String value = line.substring(space + 1).strip().split(" ")[0];
            return new Sample(name, labels, Double.parseDouble(value));
        }

        boolean has(String... pairs) {
            for (int i = 0; i < pairs.length; i += 2) {
                String actual = labels.get(pairs[i]);
                if (actual == null || !matches(pairs[i], actual, pairs[i + 1])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean matches(String label, String actual, String wanted) {
            return label.equals("le") && !actual.equals("+Inf") && !wanted.equals("+Inf")
                    ? Double.parseDouble(actual) == Double.parseDouble(wanted)
                    : actual.equals(wanted);
        }
    }
}
