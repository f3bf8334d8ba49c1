package io.borealis.scheduler.task;

import io.borealis.api.task.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One step of a task's history, written in the same transaction as the status it records. */
@Entity
@Table(name = "task_event")
public class TaskEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "task_id")
    private String taskId;
    private Instant at;
    @Enumerated(EnumType.STRING)
    private TaskStatus status;
    private String message;
    private String source;

    protected TaskEvent() {
    }

    TaskEvent(String taskId, Instant at, TaskStatus status, String message, String source) {
        this.taskId = taskId;
        this.at = at;
        this.status = status;
        this.message = message;
        this.source = source;
    }

    public String taskId() {
        return taskId;
    }

    public Instant at() {
        return at;
    }

    public TaskStatus status() {
        return status;
    }

    public String message() {
        return message;
    }

    public String source() {
        return source;
    }
}
