package io.gochannel.provider.aws;

/** Whether the optional AWS SDK classes a factory needs are on the class path; refers to no AWS type itself. */
final class AwsClasses {
    private AwsClasses() {}

    static boolean present(String className, Class<?> factory) {
        try {
            Class.forName(className, false, factory.getClassLoader());
            Class.forName("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient", false, factory.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
