import sys

from apigwkit.lambda_build.cli import main

sys.exit(main())
