package io.rollcall.broker;

/** Rules for comparing positions, shared by brokers and subscriptions. Thread-safe. */
public final class Positions {
    private Positions() {}

    /**
     * Whether an update {@code (updateEpoch, seq)} may directly follow a client position. An empty
     * history (no epoch, seq 0) is a prefix of every epoch's history.
     */
    public static boolean sameHistory(String positionEpoch, long positionSeq, String updateEpoch) {
        return positionEpoch.equals(updateEpoch) || (positionEpoch.isEmpty() && positionSeq == 0);
    }
}
