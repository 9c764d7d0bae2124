def test_openapi_schema_loads_with_explicit_shapes(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    schemas = response.json()["components"]["schemas"]
    assert {"CaseCreate", "CaseUpdate", "CaseOut", "MessageCreate", "MessageOut",
            "CustomerCreate", "CustomerUpdate", "CustomerOut", "ContactCreate",
            "ContactUpdate", "ContactOut", "TokenCreate", "TokenOut"} <= set(schemas)  # fmt: skip
    assert schemas["CaseCreate"]["additionalProperties"] is False
    assert schemas["CaseCreate"]["properties"]["subject"]["maxLength"] == 250
    assert set(response.json()["components"]["securitySchemes"]) == {
        "ApiTokenAuth",
        "WebSessionAuth",
        "MailServiceToken",
    }


def test_docs_page_renders(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
