package dev.duplex.infra;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** A CloudFormation stack created from a template, with its outputs once it is complete. */
record SamStack(String name, Map<String, String> outputs, List<StackResourceSummary> resources) {

    static SamStack create(CloudFormationClient cf, String name, String templateBody, Map<String, String> parameters,
                           Duration timeout) {
        cf.createStack(b -> b.stackName(name).templateBody(templateBody)
                .capabilitiesWithStrings("CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND")
                .parameters(parameters.entrySet().stream()
                        .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build())
                        .toList()));
        Stack stack = awaitComplete(cf, name, timeout);
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output o : stack.outputs()) {
            outputs.put(o.outputKey(), o.outputValue());
        }
        return new SamStack(name, outputs, cf.listStackResources(b -> b.stackName(name)).stackResourceSummaries());
    }

    private static Stack awaitComplete(CloudFormationClient cf, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Stack s = cf.describeStacks(b -> b.stackName(name)).stacks().get(0);
            StackStatus status = s.stackStatus();
            if (status == StackStatus.CREATE_COMPLETE) {
                return s;
            }
            if (status != StackStatus.CREATE_IN_PROGRESS || System.nanoTime() > deadline) {
                throw new IllegalStateException("stack " + name + " is " + status + " (" + s.stackStatusReason() + ")");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for stack " + name, e);
            }
        }
    }

    String output(String key) {
        String v = outputs.get(key);
        if (v == null) {
            throw new IllegalStateException("stack " + name + " has no output " + key + " (has " + outputs.keySet() + ")");
        }
        return v;
    }
}
