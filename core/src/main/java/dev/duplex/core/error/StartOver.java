package dev.duplex.core.error;

/**
 * The one wording of the way back when changes are out of reach of any capture (lost by the
 * source, or logged in a form capture cannot read): only a copy brings node b level again.
 */
public final class StartOver {
    private StartOver() {}

    /** "start over with `duplex task reset TASK --yes`, then start the task again with a full sync ...". */
    public static String with(String task) {
        return "start over with `duplex task reset " + task + " --yes`, then start the task again with a full sync "
                + "(types: [full, incremental])";
    }

    /**
     * For an event the source wrote in a form capture cannot read: fixing the setting alone is not
     * enough, since the capture resumes before the event and would meet it again.
     *
     * @param fix what to change on the source, e.g. "SET GLOBAL binlog_row_image=FULL and add it to
     *            the server config"
     */
    public static String afterFixing(String fix) {
        return fix + " so that it cannot happen again; what is already in the binlog that way cannot be captured: "
                + with("<task>");
    }
}
