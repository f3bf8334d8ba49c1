package io.borealis.scheduler.task;

import io.borealis.api.task.TaskStatus;
import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface Tasks extends JpaRepository<Task, String> {

    List<Task> findByStatusNotInOrderByCreatedAt(Collection<TaskStatus> statuses);

    List<Task> findByStatusOrderByCreatedAt(TaskStatus status);

    List<Task> findByRoleAndEnvironmentAndJobNameOrderByCreatedAtDesc(String role, String environment, String jobName);

    List<Task> findByRoleAndEnvironmentAndJobNameAndInstanceInOrderByCreatedAtDesc(String role, String environment,
            String jobName, Collection<Integer> instances);

    /** The newest task of every instance of every job: what a replacement links to and counts failures from. */
    @Query(value = """
            SELECT DISTINCT ON (role, environment, job_name, instance_id) *
            FROM task ORDER BY role, environment, job_name, instance_id, created_at DESC""", nativeQuery = true)
    List<Task> newestPerInstance();
}
