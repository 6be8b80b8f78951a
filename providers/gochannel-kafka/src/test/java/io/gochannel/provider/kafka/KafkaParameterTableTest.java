package io.gochannel.provider.kafka;

import io.gochannel.testing.ParameterTable;
import org.junit.jupiter.api.Test;

class KafkaParameterTableTest {
    @Test
    void thePageShowsTheDeclaredParameters() throws Exception {
        ParameterTable.assertDocumented(ParameterTable.providerPage("kafka.md"), KafkaSettings.PARAMETERS);
    }
}
