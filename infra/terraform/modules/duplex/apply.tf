# The apply function per direction: Funqy with its advanced SQS handling off, so the handler takes
# the whole event and reports the first failing message and every later one (FIFO order holds).

resource "aws_cloudwatch_log_group" "apply" {
  for_each          = local.compute_directions
  name              = "/aws/lambda/duplex-${var.task_name}-apply-${each.key}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "apply" {
  for_each           = local.compute_directions
  description        = "apply ${each.key} - consume the ${each.key} queue, apply to node ${each.value.target}, write status and conflicts"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = merge(var.tags, { "duplex:component" = "apply-${each.key}" })
}

data "aws_iam_policy_document" "apply" {
  for_each = local.compute_directions

  statement {
    sid       = "ConsumeOwnQueue"
    effect    = "Allow"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ChangeMessageVisibility"]
    resources = [aws_sqs_queue.queue[each.key].arn]
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
    sid       = "WriteStatus"
    effect    = "Allow"
    actions   = ["dynamodb:UpdateItem", "dynamodb:PutItem"]
    resources = [aws_dynamodb_table.status.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:LeadingKeys"
      values   = [var.task_name]
    }
  }
  # The reverse apply reads the columns forward DDL removed (ForwardDdlColumns), which the forward
  # apply writes as status items.
  statement {
    sid       = "ReadStatus"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.status.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:LeadingKeys"
      values   = [var.task_name]
    }
  }
  statement {
    sid       = "WriteConflicts"
    effect    = "Allow"
    actions   = ["dynamodb:PutItem", "dynamodb:BatchWriteItem"]
    resources = [aws_dynamodb_table.conflicts.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:LeadingKeys"
      values   = [var.task_name]
    }
  }
  statement {
    sid       = "TargetPassword"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.node_secret_arns[each.value.target]
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
  statement {
    sid       = "OwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.apply[each.key].arn}:*"]
  }
  statement {
    sid    = "VpcNetworkInterfaces"
    effect = "Allow"
    actions = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "apply" {
  for_each = local.compute_directions
  name     = "apply"
  role     = aws_iam_role.apply[each.key].id
  policy   = data.aws_iam_policy_document.apply[each.key].json
}

resource "aws_lambda_function" "apply" {
  for_each         = local.compute_directions
  function_name    = "duplex-${var.task_name}-apply-${each.key}"
  description      = "Duplex apply ${each.key} (queue ${each.key} to node ${each.value.target})"
  filename         = local.apply_zip
  source_code_hash = filebase64sha256(local.apply_zip)
  handler          = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"
  runtime          = "java21"
  architectures    = ["x86_64"]
  memory_size      = var.apply_memory_size
  timeout          = var.apply_timeout_seconds
  role             = aws_iam_role.apply[each.key].arn
  tags             = var.tags

  environment {
    variables = {
      DUPLEX_TASK               = var.task_name
      DUPLEX_DIRECTION          = each.key
      DUPLEX_TABLE_PREFIX       = var.table_prefix
      DUPLEX_INVOCATION_SECONDS = tostring(var.apply_timeout_seconds)
      DUPLEX_METRICS            = "emf"
      DUPLEX_MAX_RECEIVE_COUNT  = tostring(var.max_receive_count)
    }
  }
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }
  depends_on = [aws_iam_role_policy.apply, aws_cloudwatch_log_group.apply]
}

# The SQS event source. Capture a gets its UUID and switches it off while the task is paused,
# failed or the direction held (and on again when it runs); `enabled` is therefore not managed here,
# or an apply during a pause would switch it back on.
resource "aws_lambda_event_source_mapping" "apply" {
  for_each                = local.compute_directions
  event_source_arn        = aws_sqs_queue.queue[each.key].arn
  function_name           = aws_lambda_function.apply[each.key].arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]
  tags                    = var.tags
  # Created off: node a's capture container (the task coordinator) switches it on once the task's
  # state applies this direction, so nothing is received to be returned during the initial load.
  enabled = false
  scaling_config {
    maximum_concurrency = var.apply_max_concurrency
  }
  lifecycle {
    ignore_changes = [enabled]
  }
}
