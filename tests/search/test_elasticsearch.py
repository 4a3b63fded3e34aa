from django.conf import settings

from search.backend import backend_name, backend_status, elasticsearch_client


def test_elasticsearch_answers_cluster_health_through_the_projects_client():
    assert settings.ELASTICSEARCH_URL, "the test run must use the real Elasticsearch"
    assert backend_name() == "elasticsearch"
    health = elasticsearch_client().cluster.health()
    assert health["status"] in ("green", "yellow")
    nodes = elasticsearch_client().nodes.info(node_id="_local")["nodes"]
    assert all(node["version"].startswith("8.") for node in nodes.values())
    assert backend_status() == "ok"


def test_an_unreachable_elasticsearch_is_reported_not_raised(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    assert backend_status().startswith("unreachable")
