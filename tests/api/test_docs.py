"""The API documentation works without internet: Swagger UI comes from the installed packages."""

import pytest


@pytest.mark.django_db
def test_the_api_docs_load_swagger_ui_from_this_server(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
