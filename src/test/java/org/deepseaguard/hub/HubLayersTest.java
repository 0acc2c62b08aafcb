package org.deepseaguard.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The hub's layers (the core's own boundary is CoreBoundaryTest): services and stores are plain
 * Spring beans that Camel calls, never the other way round, and they know nothing of HTTP.
 */
@AnalyzeClasses(packages = "org.deepseaguard.hub", importOptions = ImportOption.DoNotIncludeTests.class)
class HubLayersTest {

    @ArchTest
    static final ArchRule servicesAndStoresDoNotUseCamel = noClasses()
            .that().resideInAnyPackage("org.deepseaguard.hub.service..", "org.deepseaguard.hub.store..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
            .because("the work happens in plain beans the routes call");

    @ArchTest
    static final ArchRule servicesAndStoresDoNotKnowTheApi = noClasses()
            .that().resideInAnyPackage("org.deepseaguard.hub.service..", "org.deepseaguard.hub.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deepseaguard.hub.api..", "jakarta.servlet..");
}
