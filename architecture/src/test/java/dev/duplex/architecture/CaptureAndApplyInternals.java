package dev.duplex.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Set;

/** Capture's and apply's packages that are not entry points of the command line. */
final class CaptureAndApplyInternals {
    /** The entry points: wiring, the task lifecycle, verify and repair, the apply handler, conflict replay. */
    static final Set<String> ENTRY_POINTS = Set.of("dev.duplex.capture", "dev.duplex.capture.lifecycle",
            "dev.duplex.capture.verify", "dev.duplex.apply", "dev.duplex.apply.conflict");

    /** Interfaces capture defines for its host to implement (the local runtime's view of node b's progress). */
    static final Set<String> SERVICE_INTERFACES = Set.of("dev.duplex.capture.snapshot.AppliedSnapshot");

    static final DescribedPredicate<JavaClass> PREDICATE = DescribedPredicate.describe(
            "are inside capture or apply but neither in their entry points " + ENTRY_POINTS
                    + " nor service interfaces " + SERVICE_INTERFACES,
            c -> inCaptureOrApply(c.getPackageName()) && !ENTRY_POINTS.contains(c.getPackageName())
                    && !SERVICE_INTERFACES.contains(c.getName()));

    private static boolean inCaptureOrApply(String pkg) {
        return pkg.equals("dev.duplex.capture") || pkg.startsWith("dev.duplex.capture.")
                || pkg.equals("dev.duplex.apply") || pkg.startsWith("dev.duplex.apply.");
    }

    private CaptureAndApplyInternals() {}
}
