package io.gochannel.provider.redis;

import io.gochannel.testing.ParameterTable;
import org.junit.jupiter.api.Test;

class RedisParameterTableTest {
    @Test
    void thePageShowsTheDeclaredParameters() throws Exception {
        ParameterTable.assertDocumented(ParameterTable.providerPage("redis.md"), RedisSettings.PARAMETERS);
    }
}
