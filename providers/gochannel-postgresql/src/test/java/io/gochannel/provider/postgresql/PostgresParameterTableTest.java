package io.gochannel.provider.postgresql;

import io.gochannel.support.postgresql.PostgresSettings;
import io.gochannel.testing.ParameterTable;
import org.junit.jupiter.api.Test;

class PostgresParameterTableTest {
    @Test
    void thePageShowsTheDeclaredParameters() throws Exception {
        ParameterTable.assertDocumented(ParameterTable.providerPage("postgresql.md"), PostgresSettings.PARAMETERS);
    }
}
