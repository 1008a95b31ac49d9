package dev.duplex.aws.store;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * Creates the tables for the local runtime and tests. On AWS the same tables come from
 * infra/ (SAM or Terraform); the key schema here must match those definitions.
 */
public final class TableSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TableSetup.class);

    static final String TASK = "task";
    static final String ITEM = "item";
    static final String TTL = "expiresAtEpoch";

    private TableSetup() {}

    public static void createIfMissing(DynamoDbClient dynamo, StoreTables tables) {
        create(dynamo, tables.tasks(), false);
        create(dynamo, tables.checkpoints(), true);
        create(dynamo, tables.status(), true);
        create(dynamo, tables.conflicts(), true);
        enableTtl(dynamo, tables.conflicts());
    }

    private static void create(DynamoDbClient dynamo, String name, boolean withSortKey) {
        var attrs = new ArrayList<>(List.of(attr(TASK)));
        var keys = new ArrayList<>(List.of(key(TASK, KeyType.HASH)));
        if (withSortKey) {
            attrs.add(attr(ITEM));
            keys.add(key(ITEM, KeyType.RANGE));
        }
        try {
            dynamo.createTable(CreateTableRequest.builder().tableName(name).attributeDefinitions(attrs)
                    .keySchema(keys).billingMode(BillingMode.PAY_PER_REQUEST).build());
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
            LOG.info("created DynamoDB table {}", name);
        } catch (ResourceInUseException exists) {
            LOG.debug("DynamoDB table {} exists", name);
        }
    }

    private static void enableTtl(DynamoDbClient dynamo, String name) {
        var current = dynamo.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
        if (current != null && TTL.equals(current.attributeName())) {
            return;
        }
        dynamo.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(TTL).enabled(true).build()));
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
