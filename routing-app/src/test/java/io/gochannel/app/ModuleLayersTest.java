package io.gochannel.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Across the modules, on the compiled classes of every gochannel jar the app runs with (the core checks its own
 * packages in its LayersTest): a provider module uses the API, the SPI and the support helpers, never the
 * transport, the API's internals or another provider; the app uses the API, the component and the support
 * helpers, never the SPI contract.
 */
@AnalyzeClasses(
        packages = "io.gochannel",
        importOptions = {ImportOption.DoNotIncludeTests.class, ModuleLayersTest.MainCodeOnly.class})
class ModuleLayersTest {

    /** Leaves out the test jars on the class path (the providers' broker helpers, the kit). */
    static final class MainCodeOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar")
                    && !location.contains("gochannel-testkit")
                    && !location.contains("/test-classes/");
        }
    }

    @ArchTest
    static final ArchRule providersUseOnlyTheApiTheSpiAndSupport = noClasses()
            .that()
            .resideInAnyPackage("io.gochannel.provider..", "io.gochannel.outbox..", "io.gochannel.support.postgresql..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.gochannel.transport..", "io.gochannel.internal..", "io.gochannel.app..");

    /** The outbox's Camel glue plugs into the component's public face; nothing else of a provider module touches the component. */
    @ArchTest
    static final ArchRule onlyTheOutboxGlueUsesTheComponent = noClasses()
            .that()
            .resideInAnyPackage("io.gochannel.provider..", "io.gochannel.outbox", "io.gochannel.support.postgresql..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gochannel.camel..");

    /** The PostgreSQL queue and the outbox share io.gochannel.support.postgresql, and neither uses the other. */
    @ArchTest
    static final ArchRule theQueueAndTheOutboxShareOnlyTheirSupport = noClasses()
            .that()
            .resideInAPackage("io.gochannel.outbox..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gochannel.provider..");

    @ArchTest
    static final ArchRule theQueueDoesNotUseTheOutbox = noClasses()
            .that()
            .resideInAPackage("io.gochannel.provider..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gochannel.outbox..");

    /** What the queue and the outbox share uses neither of them. */
    @ArchTest
    static final ArchRule thePostgresSupportUsesNeither = noClasses()
            .that()
            .resideInAPackage("io.gochannel.support.postgresql..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.gochannel.provider..", "io.gochannel.outbox..");

    @ArchTest
    static final ArchRule providersDoNotSeeEachOther =
            slices().matching("io.gochannel.provider.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule theAppUsesNoProviderContract = noClasses()
            .that()
            .resideInAPackage("io.gochannel.app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.gochannel.spi..",
                    "io.gochannel.transport..",
                    "io.gochannel.internal..",
                    "io.gochannel.provider..");
}
