package io.borealis.cluster.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of TCP ports, kept as Mesos keeps them: sorted, disjoint ranges. An agent's
 * ports are one range and a task's a few ports, so every operation costs a few comparisons and
 * allocates a few ints (a bit set of ports near 31000 would copy 4 KiB on every step).
 */
public final class PortSet {

    /** Highest port number a range may reach. */
    public static final int MAX_PORT = 65535;
    public static final PortSet EMPTY = new PortSet(new int[0]);

    /** begin, end (inclusive) of each range, ascending; ranges neither overlap nor touch. */
    private final int[] bounds;

    private PortSet(int[] bounds) {
        this.bounds = bounds;
    }

    /** The ports begin..end inclusive. */
    public static PortSet range(long begin, long end) {
        if (begin < 0 || end > MAX_PORT || begin > end) {
            throw new IllegalArgumentException("invalid port range [" + begin + "-" + end + "]");
        }
        return new PortSet(new int[] {(int) begin, (int) end});
    }

    public PortSet plus(PortSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Ranges union = new Ranges(bounds.length + other.bounds.length);
        int i = 0;
        int j = 0;
        while (i < bounds.length || j < other.bounds.length) {
            if (j >= other.bounds.length || i < bounds.length && bounds[i] <= other.bounds[j]) {
                union.add(bounds[i], bounds[i + 1]);
                i += 2;
            } else {
                union.add(other.bounds[j], other.bounds[j + 1]);
                j += 2;
            }
        }
        return union.toPortSet();
    }

    public PortSet minus(PortSet other) {
        if (isEmpty() || other.isEmpty()) {
            return this;
        }
        Ranges left = new Ranges(bounds.length + other.bounds.length);
        int j = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            int begin = bounds[i];
            int end = bounds[i + 1];
            while (j < other.bounds.length && other.bounds[j + 1] < begin) {
                j += 2; // wholly below this range, so below every later one too
            }
            for (int k = j; begin <= end && k < other.bounds.length && other.bounds[k] <= end; k += 2) {
                if (other.bounds[k] > begin) {
                    left.add(begin, other.bounds[k] - 1);
                }
                begin = Math.max(begin, other.bounds[k + 1] + 1);
            }
            if (begin <= end) {
                left.add(begin, end);
            }
        }
        return left.toPortSet();
    }

    public boolean containsAll(PortSet other) {
        int i = 0;
        for (int j = 0; j < other.bounds.length; j += 2) {
            while (i < bounds.length && bounds[i + 1] < other.bounds[j]) {
                i += 2;
            }
            // ranges never touch, so a contained range lies within one of ours
            if (i >= bounds.length || bounds[i] > other.bounds[j] || bounds[i + 1] < other.bounds[j + 1]) {
                return false;
            }
        }
        return true;
    }

    public boolean intersects(PortSet other) {
        int i = 0;
        int j = 0;
        while (i < bounds.length && j < other.bounds.length) {
            if (bounds[i + 1] < other.bounds[j]) {
                i += 2;
            } else if (other.bounds[j + 1] < bounds[i]) {
                j += 2;
            } else {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    public int size() {
        int size = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            size += bounds[i + 1] - bounds[i] + 1;
        }
        return size;
    }

    /** Maximal contiguous ranges, each as {begin, end} inclusive, in ascending order. */
    public List<long[]> ranges() {
        List<long[]> ranges = new ArrayList<>(bounds.length / 2);
        for (int i = 0; i < bounds.length; i += 2) {
            ranges.add(new long[] {bounds[i], bounds[i + 1]});
        }
        return ranges;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet other && Arrays.equals(bounds, other.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < bounds.length; i += 2) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(bounds[i]).append('-').append(bounds[i + 1]);
        }
        return text.append(']').toString();
    }

    /** Ranges added in ascending order of their begin; overlapping or touching ones are merged. */
    private static final class Ranges {
        private final int[] bounds;
        private int length;

        Ranges(int capacity) {
            bounds = new int[capacity];
        }

        void add(int begin, int end) {
            if (length > 0 && begin <= bounds[length - 1] + 1) {
                bounds[length - 1] = Math.max(bounds[length - 1], end);
            } else {
                bounds[length++] = begin;
                bounds[length++] = end;
            }
        }

        PortSet toPortSet() {
            return length == 0 ? EMPTY : new PortSet(Arrays.copyOf(bounds, length));
        }
    }
}
