package io.rollcall.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void readsTheUsualShorthands() {
        assertThat(DurationConverter.parse("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DurationConverter.parse("7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void explainsWhatItExpects() {
        assertThatThrownBy(() -> DurationConverter.parse("soon")).isInstanceOf(TypeConversionException.class).hasMessageContaining("20s");
    }
}
