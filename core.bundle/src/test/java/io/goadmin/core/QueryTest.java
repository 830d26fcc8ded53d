package io.goadmin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QueryTest {

    @Test
    void defaultsToEverythingOldestFirstWithABoundedLimit() {
        Query query = Query.builder().build();

        assertThat(query.order()).isEqualTo(Query.Order.ASC);
        assertThat(query.limit()).isEqualTo(Query.DEFAULT_LIMIT);
        assertThat(query.from()).isZero();
        assertThat(query.step()).isNull();
    }

    @Test
    void aStepWithoutAnAggregationAverages() {
        Query query = Query.builder().step(Duration.ofMinutes(1), null).build();

        assertThat(query.aggregation()).isEqualTo(Query.Aggregation.AVG);
    }

    @Test
    void rejectsAnAggregationWithoutAStepAndTinySteps() {
        assertThatThrownBy(() -> new Query(null, null, Map.of(), 0, 1, 1, null, null, Query.Aggregation.MAX))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Query.builder().step(Duration.ofMillis(10), Query.Aggregation.MAX).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at least 1s");
    }

    @Test
    void rejectsInvertedRangesAndLimitsOutOfBounds() {
        assertThatThrownBy(() -> Query.builder().from(10).to(5).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("from must not be after to");
        assertThatThrownBy(() -> Query.builder().limit(0).build()).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Query.builder().limit(Query.MAX_LIMIT + 1).build())
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void rejectsHostileFilters() {
        assertThatThrownBy(() -> Query.builder().module("cpu' OR '1'='1").build())
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Query.builder().tags(Map.of("cpu", "x\u0000")).build())
                .isInstanceOf(ValidationException.class);
    }
}
