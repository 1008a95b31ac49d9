package dev.duplex.sandbox.lambda;

/** A function an event source can invoke: what {@link SqsEventSource} needs of {@link JavaFunction}. */
public interface LambdaFunction {

  String name();

  /** The configured memory (MB): CPU and the GB-seconds billed scale with it. */
  int memoryMb();

  /** Invokes once, synchronously, within the function's time-out. */
  Invocation invoke(String eventJson);
}
