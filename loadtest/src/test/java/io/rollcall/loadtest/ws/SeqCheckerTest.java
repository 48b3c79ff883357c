package io.rollcall.loadtest.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollcall.loadtest.ws.SeqChecker.Verdict;
import org.junit.jupiter.api.Test;

class SeqCheckerTest {

    @Test
    void acceptsSeqsThatGrowByOneFromThePosition() {
        SeqChecker checker = new SeqChecker(41);
        assertThat(checker.accept(42)).isEqualTo(Verdict.NEXT);
        assertThat(checker.accept(43)).isEqualTo(Verdict.NEXT);
        assertThat(checker.received()).isEqualTo(2);
        assertThat(checker.last()).isEqualTo(43);
        assertThat(checker.lost() + checker.duplicates() + checker.outOfOrder()).isZero();
        assertThat(checker.missingUpTo(43)).isZero();
    }

    @Test
    void countsTheSeqsAJumpSkipsAsLost() {
        SeqChecker checker = new SeqChecker(0);
        checker.accept(1);
        assertThat(checker.accept(5)).isEqualTo(Verdict.GAP);
        assertThat(checker.accept(6)).isEqualTo(Verdict.NEXT);
        assertThat(checker.lost()).isEqualTo(3);
        assertThat(checker.last()).isEqualTo(6);
    }

    @Test
    void countsTheFirstUpdateAfterThePositionToo() {
        SeqChecker checker = new SeqChecker(10);
        assertThat(checker.accept(12)).isEqualTo(Verdict.GAP);
        assertThat(checker.lost()).isEqualTo(1);
    }

    @Test
    void countsARepeatOfTheLastSeqAsADuplicate() {
        SeqChecker checker = new SeqChecker(0);
        checker.accept(1);
        assertThat(checker.accept(1)).isEqualTo(Verdict.DUPLICATE);
        assertThat(checker.accept(2)).isEqualTo(Verdict.NEXT);
        assertThat(checker.duplicates()).isEqualTo(1);
        assertThat(checker.lost()).isZero();
    }

    @Test
    void countsAnOlderSeqAsOutOfOrderWithoutMovingBack() {
        SeqChecker checker = new SeqChecker(0);
        checker.accept(1);
        checker.accept(3);
        assertThat(checker.accept(2)).isEqualTo(Verdict.OUT_OF_ORDER);
        assertThat(checker.accept(4)).isEqualTo(Verdict.NEXT);
        assertThat(checker.outOfOrder()).isEqualTo(1);
        // The late arrival does not undo the gap: the contract was broken either way.
        assertThat(checker.lost()).isEqualTo(1);
        assertThat(checker.last()).isEqualTo(4);
    }

    @Test
    void reportsWhatNeverArrivedByTheEnd() {
        SeqChecker checker = new SeqChecker(100);
        checker.accept(101);
        checker.accept(102);
        assertThat(checker.missingUpTo(105)).isEqualTo(3);
        assertThat(checker.missingUpTo(102)).isZero();
        assertThat(checker.missingUpTo(50)).isZero();
    }

    @Test
    void startsOverFromAResetWithoutCounting() {
        SeqChecker checker = new SeqChecker(0);
        checker.accept(1);
        checker.reset(50);
        assertThat(checker.accept(51)).isEqualTo(Verdict.NEXT);
        assertThat(checker.lost()).isZero();
        assertThat(checker.start()).isZero();
    }
}
