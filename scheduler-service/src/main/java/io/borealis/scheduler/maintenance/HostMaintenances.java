package io.borealis.scheduler.maintenance;

import org.springframework.data.jpa.repository.JpaRepository;

interface HostMaintenances extends JpaRepository<HostMaintenance, String> {
}
