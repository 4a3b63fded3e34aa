"""The test settings, served with a trivial view in front of the project's URLs (bench.urls).

bench.pages starts daphne with these; nothing else uses them.
"""

from civic_platform.settings.test import *  # noqa: F403
from civic_platform.settings.test import REST_FRAMEWORK

ROOT_URLCONF = "bench.urls"

# The API list is requested thousands of times from one address within a minute; the anonymous
# throttle still counts every request (its cache round trip is part of the cost measured) but
# its limit is raised so that it never answers 429 instead of the list.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}),
        "anon": "10000000/minute",
    },
}
