package io.gochannel.provider.aws;

import io.gochannel.testing.ParameterTable;
import org.junit.jupiter.api.Test;

class SnsParameterTableTest {
    @Test
    void thePageShowsTheDeclaredParameters() throws Exception {
        ParameterTable.assertDocumented(ParameterTable.providerPage("sns.md"), AwsSettings.SNS_PARAMETERS);
    }
}
