package io.rollcall.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
    @Test
    void readsVmRssInBytes() {
        assertThat(ProcessMemory.parseRss("Name:\tjava\nVmPeak:\t  999 kB\nVmRSS:\t  123456 kB\nThreads:\t9\n")).isEqualTo(123456L * 1024);
        assertThat(ProcessMemory.parseRss("Name:\tkthread\n")).isEqualTo(-1);
    }

    @Test
    void readsThisProcessAndAnswersMinusOneForNoProcess() {
        assertThat(ProcessMemory.rssBytes(ProcessHandle.current().pid())).isGreaterThan(1 << 20);
        assertThat(ProcessMemory.rssBytes(0)).isEqualTo(-1);
        assertThat(ProcessMemory.rssBytes(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
