package dev.suture.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoint table of docs/api.md lists every endpoint the control service's controllers map, and nothing else.
 * Path variables are compared by position, not name, and the table's example query strings are left out.
 */
class DocumentedEndpointsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/[^`?]*)[^`]*` \\|");
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]*}");

    @Test
    void theEndpointTableListsExactlyTheMappedEndpoints() throws Exception {
        Set<String> documented = documented();
        Set<String> mapped = mapped();

        assertThat(mapped).as("the controllers' endpoints").hasSizeGreaterThanOrEqualTo(20);
        assertThat(documented).as("docs/api.md's endpoint table").containsExactlyElementsOf(mapped);
    }

    private static Set<String> documented() throws IOException {
        Set<String> endpoints = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "api.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                endpoints.add(row.group(1) + " " + normalized(row.group(2)));
            }
        }
        return endpoints;
    }

    private static Set<String> mapped() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        Set<String> endpoints = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.suture.control")) {
            Class<?> controller = Class.forName(candidate.getBeanClassName());
            if (isTestCode(controller)) {
                continue; // controllers that tests declare to provoke errors
            }
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            String prefix = base == null || base.path().length == 0 ? "" : base.path()[0];
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                String[] paths = mapping.path().length == 0 ? new String[] {""} : mapping.path();
                for (String path : paths) {
                    for (RequestMethod verb : mapping.method()) {
                        endpoints.add(verb + " " + normalized(prefix + path));
                    }
                }
            }
        }
        return endpoints;
    }

    private static boolean isTestCode(Class<?> type) {
        return type.getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath()
                .contains("test-classes");
    }

    private static String normalized(String path) {
        return VARIABLE.matcher(path).replaceAll("{}");
    }
}
