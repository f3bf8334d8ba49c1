package io.borealis.cluster.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ranges against a plain bit set of ports as the model, on random sets near each other. */
class PortSetTest {

    private final Random random = new Random(42);

    @Test
    void behavesLikeASetOfPorts() {
        for (int round = 0; round < 5_000; round++) {
            BitSet a = randomBits();
            BitSet b = randomBits();
            PortSet x = of(a);
            PortSet y = of(b);
            assertThat(bits(x)).isEqualTo(a);

            assertThat(bits(x.plus(y))).isEqualTo(or(a, b));
            assertThat(bits(x.minus(y))).isEqualTo(andNot(a, b));
            assertThat(x.containsAll(y)).isEqualTo(andNot(b, a).isEmpty());
            assertThat(x.intersects(y)).isEqualTo(a.intersects(b));
            assertThat(x.size()).isEqualTo(a.cardinality());
            // one representation per set: equal sets are equal however they were built
            assertThat(x.minus(y).plus(y)).isEqualTo(y.plus(x)).hasSameHashCodeAs(y.plus(x));
        }
    }

    @Test
    void rendersMaximalRanges() {
        PortSet ports = PortSet.range(31000, 31004).plus(PortSet.range(31005, 31009)).plus(PortSet.range(31020, 31020))
                .minus(PortSet.range(31003, 31003));

        assertThat(ports.ranges()).extracting(r -> r[0] + "-" + r[1])
                .containsExactly("31000-31002", "31004-31009", "31020-31020");
        assertThat(ports).hasToString("[31000-31002, 31004-31009, 31020-31020]");
        assertThat(PortSet.EMPTY.minus(ports)).isEqualTo(PortSet.EMPTY);
        assertThat(ports.minus(ports)).isEqualTo(PortSet.EMPTY);
        assertThat(PortSet.range(0, PortSet.MAX_PORT).minus(ports).size()).isEqualTo(PortSet.MAX_PORT + 1 - 10);
    }

    /** Up to 4 ranges in 31000..31063, so that sets overlap, touch and nest often. */
    private BitSet randomBits() {
        BitSet bits = new BitSet();
        for (int i = random.nextInt(5); i > 0; i--) {
            int begin = 31000 + random.nextInt(64);
            bits.set(begin, Math.min(31064, begin + 1 + random.nextInt(12)));
        }
        return bits;
    }

    private static PortSet of(BitSet bits) {
        PortSet ports = PortSet.EMPTY;
        for (int begin = bits.nextSetBit(0); begin >= 0; begin = bits.nextSetBit(begin + 1)) {
            ports = ports.plus(PortSet.range(begin, begin)); // one port at a time: merging is tested too
        }
        return ports;
    }

    private static BitSet bits(PortSet ports) {
        BitSet bits = new BitSet();
        List<long[]> ranges = ports.ranges();
        for (long[] range : ranges) {
            bits.set((int) range[0], (int) range[1] + 1);
        }
        return bits;
    }

    private static BitSet or(BitSet a, BitSet b) {
        BitSet c = (BitSet) a.clone();
        c.or(b);
        return c;
    }

    private static BitSet andNot(BitSet a, BitSet b) {
        BitSet c = (BitSet) a.clone();
        c.andNot(b);
        return c;
    }
}
