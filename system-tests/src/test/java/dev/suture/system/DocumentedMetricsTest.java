package dev.suture.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md tells operators which meters to watch. These tests hold its tables to the meters the services'
 * sources really build, both ways, and to the Prometheus names Micrometer gives them.
 */
class DocumentedMetricsTest {

    private static final Pattern BUILDER =
            Pattern.compile("(?:Counter|Timer|Gauge|DistributionSummary)\\.builder\\(\\s*\"([a-z.]+)\"");
    private static final Pattern NAME_CONSTANT = Pattern.compile("String NAME = \"(suture\\.[a-z.]+)\"");

    private final Path root = LocalFleet.projectRoot();

    @Test
    void theControlServicesMetersAreTheDocumentedOnes() {
        assertThat(documented("### Control service")).isEqualTo(built("control-service"));
    }

    @Test
    void theGatewaysMetersAreTheDocumentedOnes() {
        assertThat(documented("### Gateway")).isEqualTo(built("gateway-service"));
    }

    @Test
    void prometheusNamesFollowMicrometersNaming() {
        for (String heading : List.of("### Control service", "### Gateway")) {
            for (List<String> row : MarkdownTable.under("operations.md", heading)) {
                String prometheus = MarkdownTable.code(row.get(1)).replaceAll("\\{.*", "");
                String base = MarkdownTable.code(row.get(0)).replace('.', '_');
                String type = row.get(2);
                String expected = type.startsWith("counter")
                        ? base + "_total"
                        : type.startsWith("timer") ? base + "_seconds" : base;
                assertThat(prometheus).as(row.get(0)).isEqualTo(expected);
            }
        }
    }

    private static Set<String> documented(String heading) {
        Set<String> meters = new TreeSet<>();
        MarkdownTable.under("operations.md", heading).forEach(row -> meters.add(MarkdownTable.code(row.get(0))));
        return meters;
    }

    private Set<String> built(String module) {
        Set<String> meters = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String source = read(file);
                for (Pattern pattern : List.of(BUILDER, NAME_CONSTANT)) {
                    Matcher matcher = pattern.matcher(source);
                    while (matcher.find()) {
                        meters.add(matcher.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return meters;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
