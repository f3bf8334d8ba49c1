package io.borealis.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The conventions that a compiler cannot check. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.borealis.scheduler");

    @Test
    void placementIsPure() {
        noClasses().that().resideInAPackage("..placement..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "org.apache.mesos..", "com.google.protobuf..", "io.borealis.scheduler.mesos..")
                .check(classes);
    }

    @Test
    void lifecycleAndPlannerArePure() {
        noClasses().that().haveSimpleName("TaskLifecycle").or().haveSimpleName("InstancePlanner")
                .or().haveSimpleName("DrainPlanner")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "org.apache.mesos..", "com.google.protobuf..")
                .check(classes);
    }

    @Test
    void onlyTheMesosPackageSeesProtobufs() {
        noClasses().that().resideOutsideOfPackage("..scheduler.mesos..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.mesos..", "com.google.protobuf..")
                .check(classes);
    }

    @Test
    void noCyclesBetweenFeatures() {
        slices().matching("io.borealis.scheduler.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noVagueNames() {
        noClasses().should().haveSimpleNameEndingWith("Impl").orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Util").orShould().haveSimpleNameEndingWith("Manager")
                .check(classes);
    }

    @Test
    void controllersArePackagePrivate() {
        classes().that().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .should().notBePublic().check(classes);
    }
}
