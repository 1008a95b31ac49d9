terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.8.0 is the first release that accepts SQS's 1 MiB maximum message size.
      version = ">= 6.8.0"
    }
  }
}
