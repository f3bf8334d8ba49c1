package io.borealis.job.registry;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TaskConfigs extends JpaRepository<TaskConfigVersion, TaskConfigVersion.Key> {

    List<TaskConfigVersion> findByJobIdAndVersionIn(Long jobId, Collection<String> versions);

    boolean existsByJobIdAndVersion(Long jobId, String version);

    /** Drops the job's config versions that no instance runs, except {@code keep} (the newest). */
    @Modifying
    @Query("""
            delete from TaskConfigVersion c where c.jobId = :jobId and c.version <> :keep
               and not exists (select 1 from JobInstance i where i.jobId = c.jobId and i.configVersion = c.version)""")
    void deleteUnused(Long jobId, String keep);

    @Modifying
    @Query("delete from TaskConfigVersion c where c.jobId = :jobId")
    void deleteByJob(Long jobId);
}
