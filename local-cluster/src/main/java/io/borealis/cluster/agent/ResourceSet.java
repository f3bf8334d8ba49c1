package io.borealis.cluster.agent;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * The resources this cluster knows: cpus, mem and disk scalars and a set of ports. Scalars are
 * rounded to three decimals after each step, like Mesos' fixed-point arithmetic, so sums of
 * small fractions never drift.
 */
public record ResourceSet(double cpus, double mem, double disk, PortSet ports) {

    public static final ResourceSet EMPTY = new ResourceSet(0, 0, 0, PortSet.EMPTY);

    /** Mesos' smallest offerable amounts (MIN_CPUS, MIN_MEM). */
    private static final double MIN_CPUS = 0.01;
    private static final double MIN_MEM = 32;

    public ResourceSet plus(ResourceSet other) {
        return new ResourceSet(round(cpus + other.cpus), round(mem + other.mem), round(disk + other.disk),
                ports.plus(other.ports));
    }

    public ResourceSet minus(ResourceSet other) {
        return new ResourceSet(round(cpus - other.cpus), round(mem - other.mem), round(disk - other.disk),
                ports.minus(other.ports));
    }

    public boolean contains(ResourceSet other) {
        return other.cpus <= cpus && other.mem <= mem && other.disk <= disk && ports.containsAll(other.ports);
    }

    public boolean isEmpty() {
        return cpus == 0 && mem == 0 && disk == 0 && ports.isEmpty();
    }

    /** Whether Mesos' allocator would offer this much. */
    public boolean offerable() {
        return cpus >= MIN_CPUS || mem >= MIN_MEM;
    }

    /** Resources as Mesos protobufs, allocated to the given role. */
    public List<Resource> toProto(String role) {
        List<Resource> resources = new ArrayList<>();
        addScalar(resources, "cpus", cpus, role);
        addScalar(resources, "mem", mem, role);
        addScalar(resources, "disk", disk, role);
        if (!ports.isEmpty()) {
            Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
            ports.ranges().forEach(r -> ranges.addRange(Value.Range.newBuilder().setBegin(r[0]).setEnd(r[1])));
            resources.add(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(ranges)
                    .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build());
        }
        return resources;
    }

    /**
     * Sums Mesos resources. Names other than cpus, mem, disk (scalars) and ports (ranges) are
     * refused, since no agent here has them.
     */
    public static ResourceSet fromProto(List<Resource> resources) {
        ResourceSet sum = EMPTY;
        for (Resource r : resources) {
            switch (r.getName()) {
                case "cpus" -> sum = sum.plus(new ResourceSet(scalar(r), 0, 0, PortSet.EMPTY));
                case "mem" -> sum = sum.plus(new ResourceSet(0, scalar(r), 0, PortSet.EMPTY));
                case "disk" -> sum = sum.plus(new ResourceSet(0, 0, scalar(r), PortSet.EMPTY));
                case "ports" -> {
                    if (r.getType() != Value.Type.RANGES) {
                        throw new IllegalArgumentException("resource 'ports' must be RANGES");
                    }
                    PortSet ports = PortSet.EMPTY;
                    for (Value.Range range : r.getRanges().getRangeList()) {
                        ports = ports.plus(PortSet.range(range.getBegin(), range.getEnd()));
                    }
                    sum = sum.plus(new ResourceSet(0, 0, 0, ports));
                }
                default -> throw new IllegalArgumentException("unknown resource '" + r.getName() + "'");
            }
        }
        return sum;
    }

    private static double scalar(Resource r) {
        if (r.getType() != Value.Type.SCALAR || !r.hasScalar()) {
            throw new IllegalArgumentException("resource '" + r.getName() + "' must be SCALAR");
        }
        double value = r.getScalar().getValue();
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("resource '" + r.getName() + "' must be a non-negative number");
        }
        return value;
    }

    private static void addScalar(List<Resource> resources, String name, double value, String role) {
        if (value > 0) {
            resources.add(Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                    .setScalar(Value.Scalar.newBuilder().setValue(value))
                    .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build());
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    @Override
    public String toString() {
        return "cpus:" + cpus + ";mem:" + mem + ";disk:" + disk + ";ports:" + ports;
    }
}
