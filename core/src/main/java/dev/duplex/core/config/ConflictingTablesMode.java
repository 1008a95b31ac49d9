package dev.duplex.core.config;

/** What precheck does when the target already has tables with the names the task will create. */
public enum ConflictingTablesMode implements Coded {
    PRECHECK_AND_REPORT("precheck-and-report"), IGNORE_AND_PROCEED("ignore-and-proceed");

    private final String code;

    ConflictingTablesMode(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
