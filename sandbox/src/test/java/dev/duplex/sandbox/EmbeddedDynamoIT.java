package dev.duplex.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class EmbeddedDynamoIT {

  @Test
  void shouldPutGetAndRejectPutWhoseConditionFails() {
    try (AwsEndpoints aws = AwsEndpoints.forTests()) {
      DynamoDbClient dynamo = aws.dynamo();
      createTable(dynamo, "checkpoints");
      dynamo.putItem(b -> b.tableName("checkpoints").item(item("t1#a", "mysql-bin.000001", 4)));

      assertEquals("mysql-bin.000001", get(dynamo, "checkpoints", "t1#a").get("file").s());
      // The lease and checkpoint writes rely on exactly this: a conditional write that loses.
      assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b
          .tableName("checkpoints").item(item("t1#a", "mysql-bin.000002", 4))
          .conditionExpression("attribute_not_exists(pk)")));
      assertEquals("mysql-bin.000001", get(dynamo, "checkpoints", "t1#a").get("file").s());
    }
  }

  @Test
  void shouldKeepTablesAcrossCloseAndStartWithSameDataDir(@TempDir Path dataDir) {
    try (EmbeddedDynamo first = EmbeddedDynamo.start(dataDir)) {
      createTable(first.client(), "state");
      first.client().putItem(b -> b.tableName("state").item(item("t1#b", "mysql-bin.000009", 77)));
    }
    try (EmbeddedDynamo second = EmbeddedDynamo.start(dataDir)) {
      Map<String, AttributeValue> item = get(second.client(), "state", "t1#b");
      assertEquals("mysql-bin.000009", item.get("file").s());
      assertEquals("77", item.get("pos").n());
    }
  }

  private static void createTable(DynamoDbClient dynamo, String table) {
    dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build()));
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
  }

  private static Map<String, AttributeValue> item(String key, String file, long pos) {
    return Map.of("pk", AttributeValue.fromS(key), "file", AttributeValue.fromS(file),
        "pos", AttributeValue.fromN(Long.toString(pos)));
  }

  private static Map<String, AttributeValue> get(DynamoDbClient dynamo, String table, String key) {
    return dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
        .consistentRead(true)).item();
  }
}
