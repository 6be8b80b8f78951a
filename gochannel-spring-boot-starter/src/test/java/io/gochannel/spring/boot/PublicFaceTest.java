package io.gochannel.spring.boot;

import io.gochannel.architecture.PublicFace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public face of gochannel-spring-boot-starter in {@code public-api.txt} beside its POM (see {@link PublicFace}). */
class PublicFaceTest {
    @Test
    void thePublicFaceIsTheOneReviewed() throws Exception {
        PublicFace.assertReviewed(
                Path.of("public-api.txt"), "gochannel-spring-boot-starter", List.of("io.gochannel.spring.boot"));
    }
}
