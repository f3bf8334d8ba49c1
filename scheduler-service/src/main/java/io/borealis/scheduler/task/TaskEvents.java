package io.borealis.scheduler.task;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface TaskEvents extends JpaRepository<TaskEvent, Long> {

    List<TaskEvent> findByTaskIdOrderByIdAsc(String taskId);

    List<TaskEvent> findByTaskIdInOrderByIdAsc(Collection<String> taskIds);
}
