package io.gochannel.provider.kafka;

import io.gochannel.architecture.PublicFace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public face of gochannel-kafka in {@code public-api.txt} beside its POM (see {@link PublicFace}). */
class PublicFaceTest {
    @Test
    void thePublicFaceIsTheOneReviewed() throws Exception {
        PublicFace.assertReviewed(Path.of("public-api.txt"), "gochannel-kafka", List.of("io.gochannel.provider.kafka"));
    }
}
