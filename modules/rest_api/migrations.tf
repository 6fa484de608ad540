# Upgrading from the releases that built the API one Terraform resource per method: the document now
# holds the resource tree, methods, integrations, responses, authorizers, models, validators, gateway
# responses and the resource policy, and its import (overwrite) replaces them in AWS. These blocks take
# the old objects out of the state without deleting them in AWS (where the import has already replaced
# them); deleting them after the import could delete what it created.

removed {
  from = aws_api_gateway_resource.depth_1
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_resource.depth_2
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_resource.depth_3
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_resource.depth_4
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_resource.depth_5
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_resource.depth_6
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_resource.depth_7
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_resource.depth_8
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_method.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_method.public
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_method.cors
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_integration.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_integration.cors
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_method_response.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_method_response.cors
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_integration_response.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_integration_response.cors
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_authorizer.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_model.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_request_validator.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_gateway_response.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = aws_api_gateway_rest_api_policy.this
  lifecycle {
    destroy = false
  }
}
