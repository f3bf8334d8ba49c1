package io.borealis.job.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an update to {@code instances} instances of config {@code proposed} does to each instance,
 * Aurora's way: the updated job has instance ids 0..instances-1. An id in that range that does
 * not exist is added; an existing id outside it is removed; an existing id inside it is changed
 * when its config differs, unchanged otherwise.
 */
public record InstanceChanges(List<Integer> added, List<Integer> removed, List<Change> changed, List<Integer> unchanged) {

    /** One instance moving from config version {@code from} to {@code to}. */
    public record Change(int instance, String from, String to) {
    }

    /** @param current instance id → config version now */
    public static InstanceChanges between(Map<Integer, String> current, int instances, String proposed) {
        List<Integer> added = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        List<Integer> unchanged = new ArrayList<>();
        for (Map.Entry<Integer, String> instance : new TreeMap<>(current).entrySet()) {
            int id = instance.getKey();
            if (id >= instances) {
                removed.add(id);
            } else if (proposed.equals(instance.getValue())) {
                unchanged.add(id);
            } else {
                changed.add(new Change(id, instance.getValue(), proposed));
            }
        }
        for (int id = 0; id < instances; id++) {
            if (!current.containsKey(id)) {
                added.add(id);
            }
        }
        return new InstanceChanges(List.copyOf(added), List.copyOf(removed), List.copyOf(changed), List.copyOf(unchanged));
    }
}
