package dev.duplex.core.config;

import java.util.Optional;

/** Reports names that MySQL would not accept. */
final class Names {

    private Names() {}

    /** Whether {@code name} is a valid identifier; reports a problem at {@code path} if not. */
    static boolean check(String name, String path, String what, Problems problems) {
        Optional<String> problem = IdentifierRules.problem(name);
        problem.ifPresent(p -> problems.add(path, what + " '" + name + "' " + p,
                "use a MySQL name: 1 to 64 characters, no trailing space"));
        return problem.isEmpty();
    }

    /** Also rejects system schemas and Duplex's own schema. */
    static boolean checkDatabase(String name, String path, Problems problems) {
        if (!check(name, path, "database name", problems)) {
            return false;
        }
        if (IdentifierRules.isReservedSchema(name)) {
            String why = name.equalsIgnoreCase(IdentifierRules.DUPLEX_SCHEMA)
                    ? "is reserved for Duplex's own bookkeeping and is never synchronized"
                    : "is a system schema and cannot be synchronized";
            problems.add(path, "database " + name + " " + why, "select your application's databases only");
            return false;
        }
        return true;
    }
}
