package dev.duplex.cli.local;

import dev.duplex.aws.AwsClients;
import dev.duplex.cli.local.QueueStats.OldestAge;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * The age of the oldest message of a task's queues on AWS, from CloudWatch: SQS has no queue
 * attribute for it, only the metric {@code AWS/SQS ApproximateAgeOfOldestMessage}. The CLI's one
 * CloudWatch client. SQS publishes the metric per minute and a few minutes late, so the figure is
 * the latest minute's maximum with that minute's time, never a figure for "now"; without a
 * datapoint or without access it says so and shows no number.
 */
public final class OldestMessageMetric implements QueueGauge.Ages, AutoCloseable {
    /** How far back a datapoint is looked for: SQS's metrics arrive a few minutes late. */
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final String PERMISSION = "cloudwatch:GetMetricData";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final CloudWatchClient cloudWatch;
    private final String task;

    public OldestMessageMetric(CloudWatchClient cloudWatch, String task) {
        this.cloudWatch = cloudWatch;
        this.task = task;
    }

    /**
     * On AWS (no endpoint) with the default credentials chain; at an explicit endpoint (an
     * emulator) with dummy credentials. Bounded so that an unreachable endpoint costs status
     * seconds, not the SDK's default of waiting on.
     */
    public static OldestMessageMetric create(Optional<URI> endpoint, Region region, String task) {
        CloudWatchClient client = AwsClients.configure(CloudWatchClient.builder(), endpoint, region)
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10))).build();
        return new OldestMessageMetric(client, task);
    }

    @Override
    public OldestAge of(Direction d, long depth, Instant now) {
        String queue = QueueNames.fifoName(task, d);
        try {
            return latest(queue, now).orElseGet(() -> OldestAge.unknown("unknown: no CloudWatch datapoint in the last "
                    + WINDOW.toMinutes() + " min (AWS/SQS ApproximateAgeOfOldestMessage of " + queue + ")",
                    OldestAge.CLOUDWATCH));
        } catch (SdkException e) {
            return OldestAge.unknown("unavailable: " + reason(e) + "; needs " + PERMISSION, OldestAge.CLOUDWATCH);
        }
    }

    /**
     * The last datapoint of the metric's one-minute maxima in the window. The window is aligned
     * to whole minutes, as CloudWatch aligns its periods, and ends after the current minute.
     */
    private Optional<OldestAge> latest(String queue, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        var response = cloudWatch.getMetricData(r -> r.startTime(end.minus(WINDOW)).endTime(end)
                .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                .metricDataQueries(q -> q.id("age").returnData(true).metricStat(s -> s.period(60).stat("Maximum")
                        .metric(m -> m.namespace("AWS/SQS").metricName("ApproximateAgeOfOldestMessage")
                                .dimensions(dim -> dim.name("QueueName").value(queue))))));
        Optional<Point> last = Optional.empty();
        for (MetricDataResult result : response.metricDataResults()) {
            for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
                Point p = new Point(result.timestamps().get(i), result.values().get(i));
                if (last.isEmpty() || p.at().isAfter(last.get().at())) {
                    last = Optional.of(p);
                }
            }
        }
        return last.map(p -> new OldestAge(Math.round(p.seconds() * 1000), false,
                "CloudWatch, as of " + MINUTE.format(p.at()) + " UTC", OldestAge.CLOUDWATCH, Optional.of(p.at())));
    }

    /** One minute's maximum: the metric is in seconds. */
    private record Point(Instant at, double seconds) {}

    /**
     * The service's code and message (AccessDenied: ...), the HTTP status when the answer carried
     * none (not CloudWatch answering), else the client's reason: one line, no stack.
     */
    static String reason(SdkException e) {
        String text = e.getMessage();
        if (e instanceof AwsServiceException s) {
            var details = s.awsErrorDetails();
            text = details != null && details.errorCode() != null
                    ? details.errorCode() + ": " + details.errorMessage()
                    : "HTTP status " + s.statusCode() + " from the CloudWatch endpoint, without an AWS error";
        }
        return text == null ? e.getClass().getSimpleName() : text.replaceAll("\\s+", " ").strip();
    }

    @Override
    public void close() {
        cloudWatch.close();
    }
}
