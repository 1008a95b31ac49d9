# The capture service per node on ECS Fargate: one task per service; MaximumPercent 100 stops the
# old capture before a new one starts (the lease would hold a second one in standby anyway).

resource "aws_ecs_cluster" "capture" {
  count = local.compute_count
  name  = "duplex-${var.task_name}"
  tags  = var.tags
}

resource "aws_cloudwatch_log_group" "capture" {
  for_each          = local.compute_nodes
  name              = "/duplex/${var.task_name}/capture-${each.key}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Used by the ECS agent only: pull the image, write the container logs.
resource "aws_iam_role" "capture_execution" {
  count              = local.compute_count
  description        = "capture task execution - pull the capture image, write the capture logs"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = merge(var.tags, { "duplex:component" = "capture-execution" })
}

data "aws_iam_policy_document" "capture_execution" {
  count = local.compute_count

  statement {
    sid       = "RegistryLogin"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "PullCaptureImage"
    effect    = "Allow"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
    resources = ["arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${var.capture_image_repository}"]
  }
  statement {
    sid       = "CaptureLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.capture["a"].arn}:*", "${aws_cloudwatch_log_group.capture["b"].arn}:*"]
  }
}

resource "aws_iam_role_policy" "capture_execution" {
  count  = local.compute_count
  name   = "capture-execution"
  role   = aws_iam_role.capture_execution[0].id
  policy = data.aws_iam_policy_document.capture_execution[0].json
}

resource "aws_iam_role" "capture" {
  for_each           = local.compute_nodes
  description        = "capture ${each.key} - send to the ${each.value.direction} queue, keep its task's checkpoint and lease, read node ${each.key}'s password${each.key == "a" ? "; coordinator - node b's password, switch the apply event sources" : ""}"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = merge(var.tags, { "duplex:component" = "capture-${each.key}" })
}

data "aws_iam_policy_document" "capture" {
  for_each = local.compute_nodes

  statement {
    sid       = "SendToOwnQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.queue[each.value.direction].arn]
  }
  # Its depth, once a second: batches grow while the apply is behind (QueueBacklog).
  statement {
    sid       = "WatchOwnQueueDepth"
    effect    = "Allow"
    actions   = ["sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.queue[each.value.direction].arn]
  }
  statement {
    sid       = "ReadTask"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.tasks.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:LeadingKeys"
      values   = [var.task_name]
    }
  }
  # A state move (FAILED with its reason) updates these attributes and the key only
  # (DynamoTaskStore.STATE_ATTRIBUTES), never the task's nodes or objects: no PutItem.
  statement {
    sid       = "MoveTaskState"
    effect    = "Allow"
    actions   = ["dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.tasks.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:LeadingKeys"
      values   = [var.task_name]
    }
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:Attributes"
      values   = local.task_state_attributes
    }
    condition {
      test     = "StringEqualsIfExists"
      variable = "dynamodb:ReturnValues"
      values   = ["NONE", "UPDATED_OLD", "UPDATED_NEW"]
    }
  }
  statement {
    sid       = "OwnCheckpointAndLease"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"]
    resources = [aws_dynamodb_table.checkpoints.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:LeadingKeys"
      values   = [var.task_name]
    }
  }
  statement {
    sid       = "SourcePassword"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.node_secret_arns[each.key]
  }
  # The queue and the tables when they are under the customer-managed key.
  dynamic "statement" {
    for_each = local.kms_key_set ? ["TaskDataKey"] : []
    content {
      sid       = "TaskDataKey"
      effect    = "Allow"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["sqs.${local.region}.${local.dns_suffix}", "dynamodb.${local.region}.${local.dns_suffix}"]
      }
    }
  }
}

resource "aws_iam_role_policy" "capture" {
  for_each = local.compute_nodes
  name     = "capture"
  role     = aws_iam_role.capture[each.key].id
  policy   = data.aws_iam_policy_document.capture[each.key].json
}

# Capture a also runs the task's coordinator: schema sync and start position on node b, task state
# moves (the task item above), the apply event sources off while the task is paused, failed or a
# direction held, and on again when it runs; and it copies the initial load, whose per-table
# progress it reads back with a Query of its task's checkpoint items. With fullSync.via: direct (the
# default) that copy is written straight into node b over the same network path and node b password
# (OtherNodePassword) as schema sync; no more.
data "aws_iam_policy_document" "coordinator" {
  count = local.compute_count

  statement {
    sid       = "InitialLoadProgress"
    effect    = "Allow"
    actions   = ["dynamodb:Query"]
    resources = [aws_dynamodb_table.checkpoints.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:LeadingKeys"
      values   = [var.task_name]
    }
  }
  statement {
    sid     = "SwitchApplyEventSources"
    effect  = "Allow"
    actions = ["lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping"]
    resources = [
      "arn:${local.partition}:lambda:${local.region}:${local.account_id}:event-source-mapping:${aws_lambda_event_source_mapping.apply["a2b"].uuid}",
      "arn:${local.partition}:lambda:${local.region}:${local.account_id}:event-source-mapping:${aws_lambda_event_source_mapping.apply["b2a"].uuid}",
    ]
  }
  # Schema sync, the start position and the direct full sync connect to node b.
  statement {
    sid       = "OtherNodePassword"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.node_secret_arns["b"]
  }
  # Scheduled verification (verify.schedule) keeps its latest outcome in the task's status item
  # "verify" (ScheduledVerification), read back at start for when the next run is due.
  statement {
    sid       = "ScheduledVerification"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [aws_dynamodb_table.status.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:LeadingKeys"
      values   = [var.task_name]
    }
  }
}

resource "aws_iam_role_policy" "coordinator" {
  count  = local.compute_count
  name   = "coordinator"
  role   = aws_iam_role.capture["a"].id
  policy = data.aws_iam_policy_document.coordinator[0].json
}

resource "aws_ecs_task_definition" "capture" {
  for_each                 = local.compute_nodes
  family                   = "duplex-${var.task_name}-capture-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.capture_execution[0].arn
  task_role_arn            = aws_iam_role.capture[each.key].arn
  tags                     = var.tags
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  container_definitions = templatefile("${path.module}/capture-container.json.tftpl", {
    image     = "${local.account_id}.dkr.ecr.${local.region}.${local.dns_suffix}/${var.capture_image_repository}:${var.capture_image_tag}"
    log_group = aws_cloudwatch_log_group.capture[each.key].name
    region    = local.region
    # Capture a's coordinator switches the apply event sources: it gets their UUIDs.
    environment = jsonencode(concat([
      { name = "DUPLEX_TASK", value = var.task_name },
      { name = "DUPLEX_NODE", value = each.key },
      { name = "DUPLEX_QUEUE_URL", value = aws_sqs_queue.queue[each.value.direction].url },
      { name = "DUPLEX_TABLE_PREFIX", value = var.table_prefix },
      { name = "DUPLEX_HEALTH_PORT", value = "8080" },
      { name = "DUPLEX_METRICS", value = "emf" },
      { name = "AWS_REGION", value = local.region },
      ], each.key == "a" ? [
      { name = "DUPLEX_A2B_MAPPING", value = aws_lambda_event_source_mapping.apply["a2b"].uuid },
      { name = "DUPLEX_B2A_MAPPING", value = aws_lambda_event_source_mapping.apply["b2a"].uuid },
    ] : []))
  })
}

resource "aws_ecs_service" "capture" {
  for_each        = local.compute_nodes
  name            = "duplex-${var.task_name}-capture-${each.key}"
  cluster         = aws_ecs_cluster.capture[0].id
  task_definition = aws_ecs_task_definition.capture[each.key].arn
  launch_type     = "FARGATE"
  desired_count   = 1
  # The running task carries the service's tags.
  propagate_tags                     = "SERVICE"
  tags                               = var.tags
  deployment_maximum_percent         = 100
  deployment_minimum_healthy_percent = 0
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    assign_public_ip = false
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
  }
}
