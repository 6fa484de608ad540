"""checkov external checks of apigwkit (CKV_APIGWKIT_*); checkov loads a directory only when it has this file."""
