package io.rollcall.loadtest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishLedgerTest {

    @Test
    void mapsEachAcceptedSeqToItsIntendedTime() {
        // Index 2 was answered before index 1: seqs follow the server's order, not the schedule's.
        PublishLedger ledger = new PublishLedger(new long[] {100, 200, 300, 400}, new long[] {11, 13, 12, -1});
        assertThat(ledger.minSeq()).isEqualTo(11);
        assertThat(ledger.intendedOf(11)).isEqualTo(100);
        assertThat(ledger.intendedOf(12)).isEqualTo(300);
        assertThat(ledger.intendedOf(13)).isEqualTo(200);
        assertThat(ledger.intendedOf(10)).isEqualTo(-1);
        assertThat(ledger.intendedOf(14)).isEqualTo(-1);
        assertThat(ledger.unacceptedIntended()).containsExactly(400);
    }

    @Test
    void knowsNoSeqWhenNothingWasAccepted() {
        PublishLedger ledger = new PublishLedger(new long[] {5, 6}, new long[] {-1, -1});
        assertThat(ledger.intendedOf(1)).isEqualTo(-1);
        assertThat(ledger.unacceptedIntended()).containsExactly(5, 6);
    }
}
