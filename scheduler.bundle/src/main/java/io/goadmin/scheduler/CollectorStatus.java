package io.goadmin.scheduler;

/**
 * One tracked collector. Times are UTC epoch milliseconds; null means never.
 *
 * @param name the collector's name (its metric module)
 * @param bundle the symbolic name of the bundle that registered it
 * @param bundleId that bundle's id
 * @param enabled whether it is polled
 * @param intervalMillis its poll interval
 * @param lastRunTs when its last poll started
 * @param lastDurationMillis how long its last poll took
 * @param lastStatus ok, error, timeout or skipped
 * @param lastError the last failure's message, or null
 * @param polls polls started
 * @param records records stored
 * @param errors polls that threw
 * @param timeouts polls cancelled at their deadline
 * @param skipped ticks skipped because the previous poll was still running
 * @param rejected records rejected by validation
 * @param nextRunTs when it is polled next
 * @param stuck true while a poll ignores cancellation and still holds a worker
 */
public record CollectorStatus(String name, String bundle, long bundleId, boolean enabled, long intervalMillis,
        Long lastRunTs, Long lastDurationMillis, String lastStatus, String lastError, long polls, long records,
        long errors, long timeouts, long skipped, long rejected, Long nextRunTs, boolean stuck) {
}
