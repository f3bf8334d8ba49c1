package io.borealis.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module's shape as rules: the wire format and the agents know nothing of the web layer or the master. */
@AnalyzeClasses(packages = "io.borealis.cluster", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenFeatures = slices().matching("io.borealis.cluster.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule agentsDoNotKnowTheMaster = noClasses().that().resideInAPackage("..cluster.agent..")
            .should().dependOnClassesThat().resideInAnyPackage("..cluster.master..", "..cluster.protocol..");

    @ArchTest
    static final ArchRule protocolIsALeaf = noClasses().that().resideInAPackage("..cluster.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("..cluster.master..", "..cluster.agent..");

    /** Spring MVC, servlets and Boot stay in master (endpoints) and the root (application, launcher). */
    @ArchTest
    static final ArchRule protocolAndAgentsStayOutOfTheWebLayer = noClasses().that()
            .resideInAnyPackage("..cluster.protocol..", "..cluster.agent..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..",
                    "org.springframework.boot..");

    /** Wire encoding is plain protobuf: the protocol package uses no Spring but its media types. */
    @ArchTest
    static final ArchRule protocolUsesNoSpringBeyondMediaTypes = noClasses().that()
            .resideInAPackage("..cluster.protocol..")
            .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "Spring classes other than org.springframework.http",
                    c -> c.getPackageName().startsWith("org.springframework")
                            && !c.getPackageName().equals("org.springframework.http")));

    @ArchTest
    static final ArchRule noVagueNames = noClasses().should().haveSimpleNameEndingWith("Impl")
            .orShould().haveSimpleNameEndingWith("Util").orShould().haveSimpleNameEndingWith("Utils")
            .orShould().haveSimpleNameEndingWith("Helper").orShould().haveSimpleNameEndingWith("Manager");
}
