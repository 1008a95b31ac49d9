package dev.duplex.precheck;

import java.util.List;

/** One concern of the precheck, e.g. the binlog format of both nodes. */
public interface Check {

    /** Stem of the ids of the items this check reports, e.g. {@code binlog-format}. */
    String id();

    /** The items of this concern; never empty, so every check shows in the report. */
    List<CheckItem> run(PrecheckContext context);
}
