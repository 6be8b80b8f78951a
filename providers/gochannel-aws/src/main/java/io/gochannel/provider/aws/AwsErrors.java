package io.gochannel.provider.aws;

import io.gochannel.support.Causes;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What went wrong in an SDK call, in words an operator can act on (the SDK's messages never hold the keys). */
final class AwsErrors {
    private AwsErrors() {}

    /** The SDK's exception inside a future's wrapping. */
    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static String describe(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof SdkClientException) {
            return "the service cannot be reached (" + Causes.rootMessage(e) + ")";
        }
        return Causes.rootMessage(e);
    }
}
