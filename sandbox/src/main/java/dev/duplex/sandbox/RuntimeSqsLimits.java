package dev.duplex.sandbox;

import org.elasticmq.Limit;
import org.elasticmq.Limits;
import org.elasticmq.NoLimit$;
import org.elasticmq.RangeLimit;
import org.elasticmq.StrictSQSLimits$;
import scala.math.BigDecimal;

/**
 * SQS's limits for ElasticMQ as Duplex runs it (duplex local, demo, bench): every one its strict
 * mode checks (queue names, batch sizes, wait times, attributes) but the characters of a message
 * body. ElasticMQ checks those one boxed code point at a time against a list of ranges: in the
 * bench that was a seventh of the whole JVM's CPU, more than Duplex's own apply, on the machine
 * the servers and Duplex share. Duplex's codec writes only what SQS accepts (SqsSafeEscapes,
 * held by WireFormatTest), and integration tests keep the strict check ({@link AwsEndpoints}).
 */
final class RuntimeSqsLimits implements Limits {
  static final RuntimeSqsLimits INSTANCE = new RuntimeSqsLimits();
  private static final Limits STRICT = StrictSQSLimits$.MODULE$;

  private RuntimeSqsLimits() {}

  @Override
  public Limit<Object> queueNameLengthLimit() {
    return STRICT.queueNameLengthLimit();
  }

  @Override
  public Limit<Object> batchSizeLimit() {
    return STRICT.batchSizeLimit();
  }

  @Override
  public Limit<RangeLimit<Object>> numberOfMessagesLimit() {
    return STRICT.numberOfMessagesLimit();
  }

  @Override
  public Limit<Object> nonEmptyAttributesLimit() {
    return STRICT.nonEmptyAttributesLimit();
  }

  @Override
  @SuppressWarnings("unchecked") // NoLimit is a Limit of Scala's Nothing, which stands for any type
  public Limit<scala.collection.immutable.List<RangeLimit<Object>>> bodyValidCharactersLimit() {
    return (Limit<scala.collection.immutable.List<RangeLimit<Object>>>) (Limit<?>) NoLimit$.MODULE$;
  }

  @Override
  public Limit<RangeLimit<BigDecimal>> numberAttributeValueLimit() {
    return STRICT.numberAttributeValueLimit();
  }

  @Override
  public Limit<RangeLimit<Object>> messageWaitTimeLimit() {
    return STRICT.messageWaitTimeLimit();
  }

  @Override
  public Limit<Object> maxMessageLength() {
    return STRICT.maxMessageLength();
  }

  @Override
  public Limit<Object> messageAttributesLimit() {
    return STRICT.messageAttributesLimit();
  }
}
