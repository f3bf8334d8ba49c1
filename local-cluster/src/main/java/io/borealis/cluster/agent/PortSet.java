package io.borealis.cluster.agent;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** An immutable set of TCP ports, kept as a bit set and rendered as Mesos ranges. */
public final class PortSet {

    /** Highest port number a range may reach. */
    public static final int MAX_PORT = 65535;
    public static final PortSet EMPTY = new PortSet(new BitSet());

    private final BitSet bits;

    private PortSet(BitSet bits) {
        this.bits = bits;
    }

    /** The ports begin..end inclusive. */
    public static PortSet range(long begin, long end) {
        if (begin < 0 || end > MAX_PORT || begin > end) {
            throw new IllegalArgumentException("invalid port range [" + begin + "-" + end + "]");
        }
        BitSet bits = new BitSet();
        bits.set((int) begin, (int) end + 1);
        return new PortSet(bits);
    }

    public PortSet plus(PortSet other) {
        BitSet copy = (BitSet) bits.clone();
        copy.or(other.bits);
        return new PortSet(copy);
    }

    public PortSet minus(PortSet other) {
        BitSet copy = (BitSet) bits.clone();
        copy.andNot(other.bits);
        return new PortSet(copy);
    }

    public boolean containsAll(PortSet other) {
        BitSet missing = (BitSet) other.bits.clone();
        missing.andNot(bits);
        return missing.isEmpty();
    }

    public boolean intersects(PortSet other) {
        return bits.intersects(other.bits);
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public int size() {
        return bits.cardinality();
    }

    /** Maximal contiguous ranges, each as {begin, end} inclusive, in ascending order. */
    public List<long[]> ranges() {
        List<long[]> ranges = new ArrayList<>();
        int begin = bits.nextSetBit(0);
        while (begin >= 0) {
            int end = bits.nextClearBit(begin) - 1;
            ranges.add(new long[] {begin, end});
            begin = bits.nextSetBit(end + 1);
        }
        return ranges;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet other && bits.equals(other.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (long[] range : ranges()) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(range[0]).append('-').append(range[1]);
        }
        return text.append(']').toString();
    }
}
