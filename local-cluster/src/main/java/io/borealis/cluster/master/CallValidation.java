package io.borealis.cluster.master;

import org.apache.mesos.v1.scheduler.Protos.Call;

/** Mesos' {@code validation::scheduler::call::validate}: the shape of a call, before any state. */
final class CallValidation {

    private CallValidation() {
    }

    /** What is wrong with the call, or null. */
    static String validate(Call call) {
        if (!call.hasType() || call.getType() == Call.Type.UNKNOWN) {
            return "Expecting 'type' to be present";
        }
        if (call.getType() == Call.Type.SUBSCRIBE) {
            if (!call.hasSubscribe()) {
                return "Expecting 'subscribe' to be present";
            }
            var info = call.getSubscribe().getFrameworkInfo();
            if (call.hasFrameworkId() && info.hasId() && !call.getFrameworkId().equals(info.getId())) {
                return "'framework_id' differs from 'subscribe.framework_info.id'";
            }
            return null;
        }
        if (!call.hasFrameworkId()) {
            return "Expecting 'framework_id' to be present";
        }
        return switch (call.getType()) {
            case ACCEPT -> call.hasAccept() ? null : "Expecting 'accept' to be present";
            case DECLINE -> call.hasDecline() ? null : "Expecting 'decline' to be present";
            case KILL -> call.hasKill() ? null : "Expecting 'kill' to be present";
            case ACKNOWLEDGE -> call.hasAcknowledge() ? null : "Expecting 'acknowledge' to be present";
            case RECONCILE -> call.hasReconcile() ? null : "Expecting 'reconcile' to be present";
            case UPDATE_FRAMEWORK -> call.hasUpdateFramework() ? null : "Expecting 'update_framework' to be present";
            default -> null;
        };
    }
}
