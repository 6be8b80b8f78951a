package io.gochannel.provider.memory;

import io.gochannel.testing.ParameterTable;
import org.junit.jupiter.api.Test;

class MemoryParameterTableTest {
    @Test
    void thePageShowsTheDeclaredParameters() throws Exception {
        ParameterTable.assertDocumented(ParameterTable.providerPage("memory.md"), MemorySettings.PARAMETERS);
    }
}
