package dev.suture.model.signal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

    @Test
    void aLatencyFallsInTheFirstBucketWhoseBoundHoldsIt() {
        assertThat(LatencyBuckets.indexOf(0)).isZero();
        assertThat(LatencyBuckets.indexOf(1)).isZero();
        assertThat(LatencyBuckets.indexOf(76)).isEqualTo(LatencyBuckets.indexOf(100));
        assertThat(LatencyBuckets.indexOf(60_001)).isEqualTo(LatencyBuckets.COUNT - 1);
    }

    @Test
    void aPercentileIsTheBoundOfTheBucketThatHoldsItsRank() {
        long[] counts = new long[LatencyBuckets.COUNT];
        counts[LatencyBuckets.indexOf(10)] = 98;
        counts[LatencyBuckets.indexOf(400)] = 2;

        assertThat(LatencyBuckets.percentileMs(counts, 50)).isEqualTo(10);
        assertThat(LatencyBuckets.percentileMs(counts, 99)).isEqualTo(500);
        assertThat(LatencyBuckets.percentileMs(new long[LatencyBuckets.COUNT], 99))
                .isZero();
    }

    @Test
    void theLowerBoundOfAReportedLatencyIsThePreviousBucketsBound() {
        assertThat(LatencyBuckets.lowerBoundMs(150)).isEqualTo(100);
        assertThat(LatencyBuckets.lowerBoundMs(100)).isEqualTo(75);
        assertThat(LatencyBuckets.lowerBoundMs(1)).isZero();
        assertThat(LatencyBuckets.lowerBoundMs(120_000)).isEqualTo(60_000);
    }
}
