package dev.suture.control.signal;

import java.util.Arrays;

/**
 * A fixed number of one-second slots of counters, reused in turn: the slot for second {@code s} is
 * {@code s mod slots}, and remembers which second it holds, so a slot left over from an older second never counts
 * for a newer one. Memory is fixed at creation, however long the ring lives.
 *
 * <p>Not thread-safe: {@link SignalWindows} guards each ring with its route's lock.
 */
final class SecondRing {

    private static final long EMPTY = Long.MIN_VALUE;

    private final int slots;
    private final int fields;
    private final long[] secondOfSlot;
    private final long[] counts;

    SecondRing(int slots, int fields) {
        this.slots = slots;
        this.fields = fields;
        this.secondOfSlot = new long[slots];
        this.counts = new long[slots * fields];
        Arrays.fill(secondOfSlot, EMPTY);
    }

    int slots() {
        return slots;
    }

    /**
     * Adds {@code values} (one per field) to second {@code second}. Refused, returning false, when the slot already
     * holds a newer second: the data is older than the ring reaches.
     */
    boolean add(long second, long[] values) {
        int slot = slotOf(second);
        if (secondOfSlot[slot] > second) {
            return false;
        }
        int base = slot * fields;
        if (secondOfSlot[slot] != second) {
            Arrays.fill(counts, base, base + fields, 0);
            secondOfSlot[slot] = second;
        }
        for (int i = 0; i < fields; i++) {
            counts[base + i] += values[i];
        }
        return true;
    }

    /** Adds the counters of seconds {@code from} (inclusive) to {@code to} (exclusive) into {@code sum}. */
    void sum(long from, long to, long[] sum) {
        for (long second = Math.max(from, to - slots); second < to; second++) {
            int slot = slotOf(second);
            if (secondOfSlot[slot] == second) {
                int base = slot * fields;
                for (int i = 0; i < fields; i++) {
                    sum[i] += counts[base + i];
                }
            }
        }
    }

    /**
     * Copies the counters of second {@code second} into {@code into}, returning false (and copying nothing) when the
     * ring holds no counts for that second.
     */
    boolean read(long second, long[] into) {
        int slot = slotOf(second);
        if (secondOfSlot[slot] != second) {
            return false;
        }
        System.arraycopy(counts, slot * fields, into, 0, fields);
        return true;
    }

    /** A ring of {@code newSlots} holding the seconds of this one that fit, newest first. */
    SecondRing resized(int newSlots) {
        SecondRing resized = new SecondRing(newSlots, fields);
        long[] values = new long[fields];
        for (int slot = 0; slot < slots; slot++) {
            if (secondOfSlot[slot] != EMPTY) {
                System.arraycopy(counts, slot * fields, values, 0, fields);
                resized.keepNewer(secondOfSlot[slot], values);
            }
        }
        return resized;
    }

    private void keepNewer(long second, long[] values) {
        int slot = slotOf(second);
        if (secondOfSlot[slot] < second) {
            secondOfSlot[slot] = second;
            System.arraycopy(values, 0, counts, slot * fields, fields);
        }
    }

    private int slotOf(long second) {
        return (int) Math.floorMod(second, (long) slots);
    }
}
