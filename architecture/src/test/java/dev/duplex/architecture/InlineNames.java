package dev.duplex.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds fully-qualified type names written in code (not strings or comments) whose simple name is free. */
final class InlineNames {
    private static final Set<String> ROOTS = Set.of("java", "javax", "jdk", "dev", "software", "com", "org", "io",
            "picocli", "sun");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])((?:[a-z][a-z0-9_]*\\.)+)([A-Z][A-Za-z0-9_]*)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?!static)([\\w.]+)\\.(\\w+)\\s*;");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

    private InlineNames() {}

    /** The qualified names to replace by imports, in order of appearance. */
    static List<String> in(String source, Path file) {
        String code = CodeMask.of(source);
        Matcher pm = PACKAGE.matcher(source);
        String pkg = pm.find() ? pm.group(1) : "";
        Map<String, String> imported = new HashMap<>();
        for (Matcher m = IMPORT.matcher(source); m.find(); ) {
            imported.put(m.group(2), m.group(1));
        }
        Set<String> declared = new HashSet<>();
        for (Matcher m = DECLARED.matcher(code); m.find(); ) {
            declared.add(m.group(1));
        }
        Set<String> samePackage = samePackageClasses(file);
        List<String[]> inline = new ArrayList<>();
        for (String line : code.split("\n", -1)) {
            if (line.stripLeading().startsWith("import ") || line.stripLeading().startsWith("package ")) {
                continue;
            }
            for (Matcher m = QUALIFIED.matcher(line); m.find(); ) {
                String qualifier = m.group(1).substring(0, m.group(1).length() - 1);
                if (qualifier.contains(".") && ROOTS.contains(qualifier.substring(0, qualifier.indexOf('.')))) {
                    inline.add(new String[] {qualifier, m.group(2)});
                }
            }
        }
        Map<String, Set<String>> qualifiersBySimple = new HashMap<>();
        inline.forEach(n -> qualifiersBySimple.computeIfAbsent(n[1], k -> new HashSet<>()).add(n[0]));
        List<String> free = new ArrayList<>();
        for (String[] n : inline) {
            boolean own = n[0].equals(pkg) || n[0].equals("java.lang");
            boolean taken = qualifiersBySimple.get(n[1]).size() > 1
                    || declared.contains(n[1]) && !own
                    || imported.containsKey(n[1]) && !imported.get(n[1]).equals(n[0])
                    || samePackage.contains(n[1]) && !n[0].equals(pkg);
            if (!taken) {
                free.add(n[0] + "." + n[1]);
            }
        }
        return free;
    }

    private static Set<String> samePackageClasses(Path file) {
        Set<String> names = new HashSet<>();
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> siblings = Files.list(dir)) {
            siblings.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 5)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return names;
    }
}
