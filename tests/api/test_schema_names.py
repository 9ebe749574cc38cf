"""The OpenAPI document names each request and response body once (``components/schemas``): django-ninja
keys them by class name, so two different schemas with one name would leave one of them documenting the
other's operations (an inquiry hit's 手配 was documented with the alerts list's fields). Every schema class
of the API therefore has a name of its own."""

import json
from collections import defaultdict

import ninja

from menkyo.api.root import api


def _schema_classes(base=ninja.Schema):
    for cls in base.__subclasses__():
        if cls.__module__.startswith("menkyo."):
            yield cls
        yield from _schema_classes(cls)


def test_no_two_different_schemas_of_the_api_share_a_name():
    api.get_openapi_schema()  # every router imported
    by_name = defaultdict(set)
    for cls in set(_schema_classes()):
        by_name[cls.__name__].add(json.dumps(cls.model_json_schema(), sort_keys=True))
    assert {name for name, shapes in by_name.items() if len(shapes) > 1} == set()


def test_the_inquiry_hit_documents_its_own_alert_entry():
    components = api.get_openapi_schema()["components"]["schemas"]
    assert "alert_withheld" in components["InquiryAlertOut"]["properties"]["code"]["description"]
    assert components["AlertOut"]["required"][0] == "id"  # the alerts list's own
