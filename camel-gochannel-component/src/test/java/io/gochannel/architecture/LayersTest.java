package io.gochannel.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Which package of the core may use which, on the compiled classes: dependencies run one way, API ← support ←
 * SPI ← transport ← component and providers. Between modules the compiler enforces it (a provider module sees
 * no other provider); inside this jar, this test does.
 */
@AnalyzeClasses(packages = "io.gochannel", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    /**
     * {@code io.gochannel} and its built-in middlewares are what applications touch; {@code internal} is their own.
     * The three are one layer, with cycles inside it on purpose: {@code Middlewares} builds the middlewares, which
     * implement {@code Middleware}; {@code GoChannel} builds {@code internal.TransportSettings}, which holds
     * middlewares and API defaults. Nothing of the layer uses a package below it.
     */
    @ArchTest
    static final ArchRule dependenciesRunOneWay = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("API")
            .definedBy("io.gochannel", "io.gochannel.middleware", "io.gochannel.internal")
            .layer("Support")
            .definedBy("io.gochannel.support..")
            .layer("SPI")
            .definedBy("io.gochannel.spi")
            .layer("Transport")
            .definedBy("io.gochannel.transport")
            .layer("Component")
            .definedBy("io.gochannel.camel")
            .layer("Providers")
            .definedBy("io.gochannel.provider..")
            .whereLayer("Component")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Providers")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Transport")
            .mayOnlyBeAccessedByLayers("Component")
            .whereLayer("SPI")
            .mayOnlyBeAccessedByLayers("Transport", "Component", "Providers")
            .whereLayer("Support")
            .mayOnlyBeAccessedByLayers("SPI", "Transport", "Component", "Providers");

    @ArchTest
    static final ArchRule providersDoNotSeeEachOther =
            slices().matching("io.gochannel.provider.(*)..").should().notDependOnEachOther();

    /**
     * What the API shares with the transport stays between them: providers and the component go through the API.
     * The support helpers are the one other user (their daemon threads and unwrapping are the API's), so that
     * providers reach those through {@code support}.
     */
    @ArchTest
    static final ArchRule internalIsTheApisOwn = noClasses()
            .that()
            .resideInAnyPackage("io.gochannel.spi..", "io.gochannel.provider..", "io.gochannel.camel..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gochannel.internal..");
}
