package dev.suture.control.detection;

import java.util.Map;

/**
 * What is wrong with one instance, before the route decides whether its instances or the service as a whole fail.
 *
 * @param url the instance
 * @param rootCause one of the instance causes
 * @param failing whether the instance fails requests (down, errors, timeouts) rather than only answering slowly;
 *     failing instances count towards {@link RootCause#SERVICE_FAILING}
 * @param severity the number that crossed the threshold, to pick the worst instance of a kind
 * @param signals the numbers behind it
 * @param summary a clause for an operator, naming the instance and the numbers
 * @param onsetSecond the epoch second the instance's signal first went bad within the rule's window
 */
record InstanceProblem(
        String url,
        RootCause rootCause,
        boolean failing,
        double severity,
        Map<String, Double> signals,
        String summary,
        long onsetSecond) {}
