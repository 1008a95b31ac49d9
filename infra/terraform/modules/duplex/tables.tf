# Key schemas as core's TableSetup creates them locally. Every table has prevent_destroy: the task,
# its checkpoints, status and conflicts outlive the module (infra/README.md, "Retention": how to
# delete them).
resource "aws_dynamodb_table" "tasks" {
  name         = "${var.table_prefix}tasks"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "task"

  attribute {
    name = "task"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = local.kms_key_set ? var.kms_key_arn : null
  }
  tags = var.tags
  lifecycle {
    prevent_destroy = true
  }
}

# Checkpoints and leases share a table: a checkpoint write and its lease check are one transaction.
resource "aws_dynamodb_table" "checkpoints" {
  name         = "${var.table_prefix}checkpoints"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "task"
  range_key    = "item"

  attribute {
    name = "task"
    type = "S"
  }
  attribute {
    name = "item"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = local.kms_key_set ? var.kms_key_arn : null
  }
  tags = var.tags
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_dynamodb_table" "status" {
  name         = "${var.table_prefix}status"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "task"
  range_key    = "item"

  attribute {
    name = "task"
    type = "S"
  }
  attribute {
    name = "item"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = local.kms_key_set ? var.kms_key_arn : null
  }
  tags = var.tags
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_dynamodb_table" "conflicts" {
  name         = "${var.table_prefix}conflicts"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "task"
  range_key    = "item"

  attribute {
    name = "task"
    type = "S"
  }
  attribute {
    name = "item"
    type = "S"
  }
  ttl {
    attribute_name = "expiresAtEpoch"
    enabled        = true
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = local.kms_key_set ? var.kms_key_arn : null
  }
  tags = var.tags
  lifecycle {
    prevent_destroy = true
  }
}
