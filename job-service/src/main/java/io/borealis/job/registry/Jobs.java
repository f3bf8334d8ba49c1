package io.borealis.job.registry;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface Jobs extends JpaRepository<Job, Long> {

    Optional<Job> findByRoleAndEnvironmentAndName(String role, String environment, String name);

    /** The job, row-locked until commit: changes to one job are serialised. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.role = :role and j.environment = :environment and j.name = :name")
    Optional<Job> lockByKey(String role, String environment, String name);
}
