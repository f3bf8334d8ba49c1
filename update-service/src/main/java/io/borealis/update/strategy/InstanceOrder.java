package io.borealis.update.strategy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The stable order a rollout visits instances in: failure domains in name order (instances whose
 * domain is unknown last), instance ids ascending within a domain.
 */
public final class InstanceOrder {

    private InstanceOrder() {
    }

    /** Orders the instances by domain then id; {@code domains} may lack an instance (unknown domain). */
    public static List<Integer> of(List<Integer> instances, Map<Integer, String> domains) {
        Comparator<Integer> byDomain = Comparator.comparing(
                (Integer i) -> domains.getOrDefault(i, ""),
                Comparator.comparing((String d) -> d.isEmpty()).thenComparing(Comparator.naturalOrder()));
        return instances.stream().sorted(byDomain.thenComparing(Comparator.naturalOrder())).toList();
    }
}
