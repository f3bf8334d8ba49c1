package io.borealis.job.registry;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TaskConfigs extends JpaRepository<TaskConfigVersion, TaskConfigVersion.Key> {

    List<TaskConfigVersion> findByJobIdAndVersionIn(Long jobId, Collection<String> versions);

    boolean existsByJobIdAndVersion(Long jobId, String version);

    @Modifying
    @Query("delete from TaskConfigVersion c where c.jobId = :jobId")
    void deleteByJob(Long jobId);
}
