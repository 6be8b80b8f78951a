package io.gochannel.outbox;

import io.gochannel.architecture.PublicFace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public face of gochannel-postgresql in {@code public-api.txt} beside its POM (see {@link PublicFace}). */
class PublicFaceTest {
    @Test
    void thePublicFaceIsTheOneReviewed() throws Exception {
        PublicFace.assertReviewed(
                Path.of("public-api.txt"),
                "gochannel-postgresql",
                List.of(
                        "io.gochannel.outbox",
                        "io.gochannel.outbox.camel",
                        "io.gochannel.support.postgresql",
                        "io.gochannel.provider.postgresql"));
    }
}
