package org.deepseaguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The core is a library: no Spring, no Camel, and it never reaches into the hub. */
@AnalyzeClasses(packages = "org.deepseaguard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsPure = noClasses().that().resideInAPackage("org.deepseaguard.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.camel..", "jakarta..", "org.deepseaguard.hub..");

    @ArchTest
    static final ArchRule storesDoNotUseCamel = noClasses().that().resideInAnyPackage(
                    "org.deepseaguard.hub.store..", "org.deepseaguard.hub.service..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.camel..");
}
