package dev.duplex.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of the code base, checked on the compiled main classes of every module: the domain
 * knows no cloud or framework, capture's stages do not reach back into the service that wires
 * them, and the command line uses capture and apply through their entry points only.
 */
class LayerRulesTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.duplex");
    }

    @Test
    void theDomainHasNoAwsSdkAndNoQuarkus() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.duplex.core..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..",
                        "io.quarkus..")
                .because("core is the domain (model, wire format, filter, config, SQL); AWS lives in dev.duplex.aws");
        rule.check(main);
    }

    @Test
    void captureStagesDoNotDependOnTheCaptureRootPackage() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.duplex.capture.(*)..")
                .should().dependOnClassesThat().resideInAPackage("dev.duplex.capture")
                .because("the root package wires the stages together; a stage that imports it makes a cycle");
        rule.check(main);
    }

    @Test
    void theCommandLineUsesCaptureAndApplyOnlyThroughTheirEntryPoints() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.duplex.cli..")
                .should().dependOnClassesThat(CaptureAndApplyInternals.PREDICATE)
                .because("the CLI runs capture and apply as the AWS edges do; their internals may change freely");
        rule.check(main);
    }

    @Test
    void modulesAndTheirTopPackagesHaveNoCycles() {
        slices().matching("dev.duplex.(*)..").should().beFreeOfCycles().check(main);
    }
}
