package io.gochannel.provider.aws;

import io.gochannel.testing.ParameterTable;
import org.junit.jupiter.api.Test;

class SqsParameterTableTest {
    @Test
    void thePageShowsTheDeclaredParameters() throws Exception {
        ParameterTable.assertDocumented(ParameterTable.providerPage("sqs.md"), AwsSettings.SQS_PARAMETERS);
    }
}
