package dev.sheaf.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses OSGi manifest headers such as {@code Import-Package} into clauses: the names of a clause and its attributes
 * and directives ({@code version}, {@code resolution:}), honouring quotes.
 */
public final class ManifestHeaders {

    /**
     * One clause of a header.
     *
     * @param names      the names the clause applies to (usually one package)
     * @param parameters attributes ({@code version}) and directives ({@code resolution:}) by key, quotes removed
     */
    public record Clause(List<String> names, Map<String, String> parameters) {
    }

    private ManifestHeaders() {
    }

    /** The clauses of {@code header}; empty for {@code null}. */
    public static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String c : split(header, ',')) {
            List<String> names = new ArrayList<>();
            Map<String, String> params = new LinkedHashMap<>();
            for (String part : split(c, ';')) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    if (!p.isEmpty()) {
                        names.add(p);
                    }
                    continue;
                }
                String key = p.substring(0, eq).trim();
                String value = p.substring(eq + 1).trim();
                if (key.endsWith(":")) {
                    value = value.startsWith("=") ? value.substring(1).trim() : value;
                } else if (value.startsWith("=")) {
                    key = key + ":";
                    value = value.substring(1).trim();
                }
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                params.put(key, value);
            }
            if (!names.isEmpty()) {
                clauses.add(new Clause(names, params));
            }
        }
        return clauses;
    }

    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == separator && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString());
        return parts;
    }
}
