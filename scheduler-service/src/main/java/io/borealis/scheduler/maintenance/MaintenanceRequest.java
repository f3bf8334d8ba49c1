package io.borealis.scheduler.maintenance;

import java.util.List;

/** {@code POST /api/v1/cluster/maintenance}: {@code hosts} are agent hostnames; DRAIN starts maintenance, END ends it. */
record MaintenanceRequest(List<String> hosts, Action action) {

    enum Action { DRAIN, END }
}
