package io.borealis.update.rollout;

import io.borealis.update.lifecycle.UpdateStatus;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Stored job updates. */
public interface JobUpdates extends JpaRepository<JobUpdate, UUID> {

    /** Updates matching every filter given (a null filter matches all), newest first. */
    @Query("""
            select u from JobUpdate u
            where (:role is null or u.role = :role)
              and (:environment is null or u.environment = :environment)
              and (:name is null or u.name = :name)
              and (:status is null or u.status = :status)
            order by u.createdAt desc, u.id""")
    List<JobUpdate> search(String role, String environment, String name, UpdateStatus status, Limit limit);

    /** Updates the driver must look at: every active one, and finished ones whose lock is still held. */
    @Query("""
            select new io.borealis.update.rollout.Driven(u.id, u.role, u.environment, u.name, u.status)
            from JobUpdate u
            where u.status in :active or u.lockReleased = false
            order by u.createdAt""")
    List<Driven> toDrive(java.util.Collection<UpdateStatus> active);
}
