package org.deepseaguard.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The core is a pure library: it may not reach into Spring, Camel or the hub. */
@AnalyzeClasses(packages = "org.deepseaguard.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreBoundaryTest {

    @ArchTest
    static final ArchRule coreIsFreeOfSpringCamelAndTheHub = noClasses()
            .that().resideInAPackage("org.deepseaguard.core..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "org.apache.camel..", "org.deepseaguard.hub..")
            .because("the core is a library the hub, benchmarks and other tools reuse (DESIGN section 2)");
}
