package io.borealis.job.registry;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface JobInstances extends JpaRepository<JobInstance, JobInstance.Key> {

    List<JobInstance> findByJobIdOrderByInstanceId(Long jobId);

    @Modifying
    @Query("delete from JobInstance i where i.jobId = :jobId")
    void deleteByJob(Long jobId);

    @Modifying
    @Query("delete from JobInstance i where i.jobId = :jobId and i.instanceId in :instanceIds")
    void deleteInstances(Long jobId, Collection<Integer> instanceIds);
}
