package dev.duplex.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything one bench run found: where it ran, how each part was set up, every figure with
 * its peer, how things were measured, and raw details. Rendered as one markdown table and as
 * JSON with the same figures.
 */
public final class BenchReport {
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> setups = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> methods = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    public synchronized void environment(String key, String value) {
        environment.put(key, value);
    }

    /** Declares a section (in table order) and how its workload was set up. */
    public synchronized void section(String title, String setup) {
        setups.put(title, setup);
    }

    public synchronized void add(Figure f) {
        setups.putIfAbsent(f.section(), "");
        figures.add(f);
    }

    public synchronized void method(String text) {
        methods.add(text);
    }

    public synchronized void detail(String key, Object value) {
        details.put(key, value);
    }

    public synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    public synchronized String markdown() {
        StringBuilder md = new StringBuilder("## duplex bench\n\n");
        environment.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n| figure | unit | Duplex | peer | peer's figure | Duplex/peer | goal | note |\n")
                .append("|---|---|--:|---|--:|--:|---|---|\n");
        for (var section : setups.entrySet()) {
            md.append("| **").append(cell(section.getKey())).append("**")
                    .append(section.getValue().isEmpty() ? "" : " — " + cell(section.getValue()))
                    .append(" | | | | | | | |\n");
            for (Figure f : figures) {
                if (f.section().equals(section.getKey())) {
                    md.append(row(f));
                }
            }
        }
        if (!methods.isEmpty()) {
            md.append("\nHow each figure is measured:\n\n");
            methods.forEach(m -> md.append("- ").append(m).append('\n'));
        }
        return md.toString();
    }

    private static String row(Figure f) {
        String goal = f.goal().map(g -> g.text() + f.goalMet().map(met -> met ? " ✓" : " ✗").orElse("")).orElse("");
        return "| " + String.join(" | ", cell(f.name()), f.unit(), number(f.duplex()), cell(f.peerName()),
                number(f.peer()), number(f.ratio()), goal, cell(f.note())) + " |\n";
    }

    private static String number(OptionalDouble v) {
        return v.isPresent() ? Numbers.format(v.getAsDouble()) : "—";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    public synchronized String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("environment", environment);
        root.put("sections", setups);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : figures) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("section", f.section());
            r.put("figure", f.name());
            r.put("unit", f.unit());
            r.put("duplex", value(f.duplex()));
            r.put("peer", f.peerName().isEmpty() ? null : f.peerName());
            r.put("peerValue", value(f.peer()));
            r.put("ratio", value(f.ratio()));
            r.put("goal", f.goal().map(Figure.Goal::text).orElse(null));
            r.put("goalMet", f.goalMet().orElse(null));
            r.put("note", f.note());
            rows.add(r);
        }
        root.put("figures", rows);
        root.put("methods", methods);
        root.put("details", details);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the bench results as JSON: " + e.getMessage(), e);
        }
    }

    private static Double value(OptionalDouble v) {
        return v.isPresent() ? Numbers.round(v.getAsDouble()) : null;
    }
}
