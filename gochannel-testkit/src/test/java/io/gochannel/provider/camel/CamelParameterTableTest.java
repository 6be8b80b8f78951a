package io.gochannel.provider.camel;

import io.gochannel.testing.ParameterTable;
import org.junit.jupiter.api.Test;

class CamelParameterTableTest {
    @Test
    void thePageShowsTheDeclaredParameters() throws Exception {
        ParameterTable.assertDocumented(ParameterTable.providerPage("camel.md"), CamelSettings.PARAMETERS);
    }
}
