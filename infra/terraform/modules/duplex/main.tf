data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  directions = {
    a2b = { source = "a", target = "b" }
    b2a = { source = "b", target = "a" }
  }
  nodes = {
    a = { direction = "a2b" }
    b = { direction = "b2a" }
  }
  # What a role that connects to a node may read: its password and, when the node's tlsCa is a
  # Secrets Manager reference, the CA bundle's secret.
  node_secret_arns = {
    a = compact([var.node_a_secret_arn, var.node_a_tls_ca_secret_arn])
    b = compact([var.node_b_secret_arn, var.node_b_tls_ca_secret_arn])
  }
  # The task item's attributes a state move writes, with the key (DynamoTaskStore.STATE_ATTRIBUTES):
  # all that the capture and apply roles may update there.
  task_state_attributes = ["task", "state", "stateReason", "version", "updatedAtMillis"]
  # SQS redelivers only after the visibility time-out; AWS asks for six times the function
  # time-out so retries inside Lambda never overlap a redelivery.
  visibility_timeout_seconds = 6 * var.apply_timeout_seconds

  compute_directions = var.deploy_compute ? local.directions : {}
  compute_nodes      = var.deploy_compute ? local.nodes : {}
  compute_count      = var.deploy_compute ? 1 : 0

  kms_key_set = var.kms_key_arn != ""

  apply_zip    = coalesce(var.apply_function_zip, "${path.module}/../../../../apply-function/target/function.zip")
  precheck_zip = coalesce(var.precheck_function_zip, "${path.module}/../../../../precheck-function/target/function.zip")

  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix
  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id
}
