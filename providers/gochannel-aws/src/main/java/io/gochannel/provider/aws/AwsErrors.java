package io.gochannel.provider.aws;

import io.gochannel.support.Causes;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What went wrong in an SDK call, in words an operator can act on (the SDK's messages never hold the keys). */
final class AwsErrors {
    private AwsErrors() {}

    static String describe(Throwable error) {
        Throwable e = Causes.unwrap(error);
        if (e instanceof SdkClientException) {
            return "the service cannot be reached (" + Causes.rootMessage(e) + ")";
        }
        return Causes.rootMessage(e);
    }
}
