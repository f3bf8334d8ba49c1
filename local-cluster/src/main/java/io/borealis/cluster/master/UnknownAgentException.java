package io.borealis.cluster.master;

/** An operator named an agent this cluster does not have. */
public class UnknownAgentException extends RuntimeException {

    private final String agentId;

    public UnknownAgentException(String agentId) {
        super("No agent with id '" + agentId + "'");
        this.agentId = agentId;
    }

    public String agentId() {
        return agentId;
    }
}
