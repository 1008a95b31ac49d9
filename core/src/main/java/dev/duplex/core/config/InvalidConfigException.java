package dev.duplex.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A task configuration with problems; lists all of them, one per line of the message. */
public final class InvalidConfigException extends IllegalArgumentException {

    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        String head = problems.size() == 1 ? "invalid task configuration (1 problem):"
                : "invalid task configuration (" + problems.size() + " problems):";
        return problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n", head + "\n", ""));
    }
}
