package io.gochannel.architecture;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public face of the core in {@code public-api.txt}: the API and its middlewares, the SPI, the support helpers,
 * the component, and what is public of the internals, the transport and the core's providers (public only for
 * {@code ServiceLoader} or another package of the core: a change there is a change others could compile against).
 */
class PublicFaceTest {
    @Test
    void thePublicFaceIsTheOneReviewed() throws Exception {
        PublicFace.assertReviewed(
                Path.of("public-api.txt"),
                "camel-gochannel-component",
                List.of(
                        "io.gochannel",
                        "io.gochannel.middleware",
                        "io.gochannel.spi",
                        "io.gochannel.support",
                        "io.gochannel.support.cloudevents",
                        "io.gochannel.camel",
                        "io.gochannel.internal",
                        "io.gochannel.transport",
                        "io.gochannel.provider.memory",
                        "io.gochannel.provider.camel"));
    }
}
