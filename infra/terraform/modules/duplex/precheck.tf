# The precheck function behind an HTTP API whose only route, POST /precheck, needs SigV4
# (AWS_IAM): callers need execute-api:Invoke on it. There is no unauthenticated route.

resource "aws_cloudwatch_log_group" "precheck" {
  count             = local.compute_count
  name              = "/aws/lambda/duplex-${var.task_name}-precheck"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_iam_role" "precheck" {
  count              = local.compute_count
  description        = "precheck - read its task's item and both nodes' passwords"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = merge(var.tags, { "duplex:component" = "precheck" })
}

data "aws_iam_policy_document" "precheck" {
  count = local.compute_count

  # It prechecks the stored task only: its item, read, never written.
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
  statement {
    sid       = "NodePasswords"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = concat(local.node_secret_arns["a"], local.node_secret_arns["b"])
  }
  # The task table when it is under the customer-managed key.
  dynamic "statement" {
    for_each = local.kms_key_set ? ["TaskDataKey"] : []
    content {
      sid       = "TaskDataKey"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arn]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["dynamodb.${local.region}.${local.dns_suffix}"]
      }
    }
  }
  statement {
    sid       = "OwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.precheck[0].arn}:*"]
  }
  statement {
    sid    = "VpcNetworkInterfaces"
    effect = "Allow"
    actions = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "precheck" {
  count  = local.compute_count
  name   = "precheck"
  role   = aws_iam_role.precheck[0].id
  policy = data.aws_iam_policy_document.precheck[0].json
}

# API Gateway HTTP APIs end an integration after 30 s; a precheck takes about 10 s at worst.
resource "aws_lambda_function" "precheck" {
  count            = local.compute_count
  function_name    = "duplex-${var.task_name}-precheck"
  description      = "Duplex precheck (POST /precheck)"
  filename         = local.precheck_zip
  source_code_hash = filebase64sha256(local.precheck_zip)
  handler          = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  runtime          = "java21"
  architectures    = ["x86_64"]
  memory_size      = 1024
  timeout          = 30
  role             = aws_iam_role.precheck[0].arn
  tags             = var.tags

  # The task it prechecks (read from the task table, as the apply functions read it) and the only
  # secrets a request may name.
  environment {
    variables = {
      DUPLEX_TASK             = var.task_name
      DUPLEX_TABLE_PREFIX     = var.table_prefix
      DUPLEX_PRECHECK_SECRETS = "${var.node_a_secret_arn},${var.node_b_secret_arn}"
    }
  }
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }
  depends_on = [aws_iam_role_policy.precheck, aws_cloudwatch_log_group.precheck]
}

resource "aws_apigatewayv2_api" "precheck" {
  count         = local.compute_count
  name          = "duplex-${var.task_name}-precheck"
  description   = "Duplex precheck (IAM-authorized)"
  protocol_type = "HTTP"
  tags          = var.tags
}

resource "aws_apigatewayv2_integration" "precheck" {
  count                  = local.compute_count
  api_id                 = aws_apigatewayv2_api.precheck[0].id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.precheck[0].arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000
}

resource "aws_apigatewayv2_route" "precheck" {
  count              = local.compute_count
  api_id             = aws_apigatewayv2_api.precheck[0].id
  route_key          = "POST /precheck"
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.precheck[0].id}"
}

resource "aws_apigatewayv2_stage" "precheck" {
  count       = local.compute_count
  api_id      = aws_apigatewayv2_api.precheck[0].id
  name        = "$default"
  auto_deploy = true
  tags        = var.tags
}

resource "aws_lambda_permission" "precheck" {
  count         = local.compute_count
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.precheck[0].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.precheck[0].execution_arn}/*/POST/precheck"
}
