/**
 * Lambda without Docker: the Runtime API a managed runtime talks to ({@link
 * dev.duplex.sandbox.lambda.RuntimeApi}), a function.zip started the way the java21 runtime starts
 * it ({@link dev.duplex.sandbox.lambda.JavaFunction}), the SQS event source mapping's poller
 * ({@link dev.duplex.sandbox.lambda.SqsEventSource}) and the part of the control plane the product
 * calls ({@link dev.duplex.sandbox.lambda.EventSourceMappings}).
 */
package dev.duplex.sandbox.lambda;
