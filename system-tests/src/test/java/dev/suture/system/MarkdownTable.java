package dev.suture.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The rows of the first table under a heading of a document in docs/, each row its cells without the pipes. */
final class MarkdownTable {

    private MarkdownTable() {}

    static List<List<String>> under(String document, String heading) {
        List<String> lines = read(LocalFleet.projectRoot().resolve("docs").resolve(document));
        int start = lines.indexOf(heading);
        if (start < 0) {
            throw new IllegalStateException("no heading '" + heading + "' in docs/" + document);
        }
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("|")) {
                inTable = true;
                List<String> cells = Arrays.stream(
                                line.substring(1, line.length() - 1).split("\\|", -1))
                        .map(String::strip)
                        .toList();
                if (!cells.get(0).matches("-+") && !cells.get(0).matches(":?-+:?")) {
                    rows.add(cells);
                }
            } else if (inTable) {
                break;
            }
        }
        return rows.subList(Math.min(1, rows.size()), rows.size()); // the first row is the header
    }

    /** The text between the first pair of backticks in a cell, or the cell as it is when it has none. */
    static String code(String cell) {
        int open = cell.indexOf('`');
        int close = open < 0 ? -1 : cell.indexOf('`', open + 1);
        return close < 0 ? cell : cell.substring(open + 1, close);
    }

    /** Every backticked text in a cell. */
    static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        String[] parts = cell.split("`", -1);
        for (int i = 1; i < parts.length; i += 2) {
            codes.add(parts[i]);
        }
        return codes;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
