/**
 * The {@code sqs://} and {@code sns://} providers: Amazon SQS queues, and SNS topics received through an
 * SQS queue per topic and group, on the AWS SDK v2 asynchronous clients that camel-aws2-sqs and
 * camel-aws2-sns bring. Camel's own SQS consumer and SNS producer are not used on these paths: the
 * consumer caps nothing in flight and cannot change a message's visibility on a nack, and neither
 * gives each event of a batch call its own outcome (see
 * {@link io.gochannel.provider.aws.SqsSubscription} and {@link io.gochannel.provider.aws.AwsPublisher}).
 */
package io.gochannel.provider.aws;
