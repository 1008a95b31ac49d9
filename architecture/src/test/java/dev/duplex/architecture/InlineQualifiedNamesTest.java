package dev.duplex.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No fully-qualified type name written inline in code where an import would do: the imports say
 * what a file depends on. A qualified name stays where its simple name is taken (Java has no
 * import aliases). scripts/dev/inline-names-to-imports.py applies the same rule as a fix.
 */
class InlineQualifiedNamesTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noSourceFileWritesAQualifiedNameWhereAnImportWould() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(REPOSITORY)) {
            for (Path f : files.filter(InlineQualifiedNamesTest::isSource).toList()) {
                for (String name : InlineNames.in(Files.readString(f), f)) {
                    found.add(REPOSITORY.relativize(f) + ": " + name);
                }
            }
        }
        assertEquals(List.of(), found, "write an import instead (or run scripts/dev/inline-names-to-imports.py FILE)");
    }

    @Test
    void theRuleSeesANameInCodeButNotInAStringACommentOrWhereTheNameIsTaken() {
        String source = """
                package dev.duplex.x;

                import org.slf4j.Logger;

                /** See java.util.List in a comment. */
                final class Sample {
                    private final java.util.Map<String, String> m = java.util.Map.of(); // java.util.Set
                    private final java.util.logging.Logger jul = null;
                    String s = "java.util.Optional";
                }
                """;
        List<String> names = InlineNames.in(source, Path.of("Sample.java"));
        assertEquals(List.of("java.util.Map", "java.util.Map"), names);
        assertTrue(InlineNames.in("class A { java.lang.String s; }", Path.of("A.java")).contains("java.lang.String"));
    }

    private static boolean isSource(Path p) {
        String s = p.toString();
        return s.endsWith(".java") && (s.contains("/src/main/java/") || s.contains("/src/test/java/"))
                && !s.contains("/target/") && !s.contains("/.git/");
    }
}
