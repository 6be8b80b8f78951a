package io.gochannel.provider.rabbitmq;

import io.gochannel.testing.ParameterTable;
import org.junit.jupiter.api.Test;

class RabbitMqParameterTableTest {
    @Test
    void thePageShowsTheDeclaredParameters() throws Exception {
        ParameterTable.assertDocumented(ParameterTable.providerPage("rabbitmq.md"), RabbitMqSettings.PARAMETERS);
    }
}
