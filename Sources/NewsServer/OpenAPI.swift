/// The OpenAPI 3.1 description of the API, served at `GET /api/openapi.json`.
/// A test checks real responses against its schemas.
enum OpenAPI {
    static let document = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Dossier",
            "version": "1",
            "description": "Full-text search over an archive of news and risk-intelligence reporting."
          },
          "paths": {
            "/healthz": {
              "get": {
                "summary": "Liveness and the article count",
                "responses": {
                  "200": {"description": "Serving", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
                  "503": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/api/search": {
              "get": {
                "summary": "Ranked search with filters, facets and snippets",
                "parameters": [
                  {"$ref": "#/components/parameters/q"}, {"$ref": "#/components/parameters/country"},
                  {"$ref": "#/components/parameters/category"}, {"$ref": "#/components/parameters/topic"},
                  {"$ref": "#/components/parameters/source"}, {"$ref": "#/components/parameters/from"},
                  {"$ref": "#/components/parameters/to"}, {"$ref": "#/components/parameters/sort"},
                  {"$ref": "#/components/parameters/match"}, {"$ref": "#/components/parameters/limit"},
                  {"$ref": "#/components/parameters/offset"}, {"$ref": "#/components/parameters/facets"},
                  {"$ref": "#/components/parameters/snippetLength"}, {"$ref": "#/components/parameters/recent"},
                  {"$ref": "#/components/parameters/collapse"}
                ],
                "responses": {
                  "200": {"description": "Results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                  "400": {"$ref": "#/components/responses/Error"},
                  "503": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/api/facets": {
              "get": {
                "summary": "Facet counts over every matching article",
                "parameters": [
                  {"$ref": "#/components/parameters/q"}, {"$ref": "#/components/parameters/country"},
                  {"$ref": "#/components/parameters/category"}, {"$ref": "#/components/parameters/topic"},
                  {"$ref": "#/components/parameters/source"}, {"$ref": "#/components/parameters/from"},
                  {"$ref": "#/components/parameters/to"}
                ],
                "responses": {
                  "200": {"description": "Counts (no hits)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                  "400": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/api/articles/{id}": {
              "get": {
                "summary": "One article",
                "parameters": [{"$ref": "#/components/parameters/id"}],
                "responses": {
                  "200": {"description": "The article", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
                  "404": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/api/articles/{id}/similar": {
              "get": {
                "summary": "Articles like this one (relevance feedback)",
                "parameters": [{"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/limit"}],
                "responses": {
                  "200": {"description": "Results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                  "404": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/api/articles": {
              "post": {
                "summary": "Add or replace articles (JSON Lines, an object or an array, interchange form)",
                "security": [{"bearer": []}],
                "requestBody": {
                  "required": true,
                  "content": {"application/x-ndjson": {"schema": {"type": "string"}}, "application/json": {"schema": {}}}
                },
                "responses": {
                  "200": {"description": "What was indexed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestReport"}}}},
                  "400": {"$ref": "#/components/responses/Error"},
                  "401": {"$ref": "#/components/responses/Error"},
                  "403": {"$ref": "#/components/responses/Error"},
                  "409": {"$ref": "#/components/responses/Error"},
                  "413": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/api/index/rebuild": {
              "post": {
                "summary": "Rebuild the index from the corpus in the background",
                "security": [{"bearer": []}],
                "responses": {
                  "202": {"description": "Started", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}}}},
                  "401": {"$ref": "#/components/responses/Error"},
                  "403": {"$ref": "#/components/responses/Error"},
                  "409": {"$ref": "#/components/responses/Error"}
                }
              }
            },
            "/metrics": {
              "get": {
                "summary": "Prometheus metrics",
                "responses": {"200": {"description": "Text exposition format", "content": {"text/plain": {"schema": {"type": "string"}}}}}
              }
            }
          },
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "parameters": {
              "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
              "q": {"name": "q", "in": "query", "description": "The query (empty: every article, newest first)", "schema": {"type": "string", "maxLength": 1000}},
              "country": {"name": "country", "in": "query", "description": "Country name, alias or ISO code; repeatable", "schema": {"type": "array", "items": {"type": "string"}}, "explode": true},
              "category": {"name": "category", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": true},
              "topic": {"name": "topic", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": true},
              "source": {"name": "source", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": true},
              "from": {"name": "from", "in": "query", "description": "YYYY-MM-DD, YYYY-MM or YYYY", "schema": {"type": "string"}},
              "to": {"name": "to", "in": "query", "description": "YYYY-MM-DD, YYYY-MM or YYYY", "schema": {"type": "string"}},
              "sort": {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "date", "oldest"]}},
              "match": {"name": "match", "in": "query", "schema": {"type": "string", "enum": ["all", "any"]}},
              "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 100, "default": 10}},
              "offset": {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 0}},
              "facets": {"name": "facets", "in": "query", "schema": {"type": "boolean", "default": false}},
              "snippetLength": {"name": "snippetLength", "in": "query", "schema": {"type": "integer", "minimum": 40, "maximum": 2000, "default": 200}},
              "recent": {"name": "recent", "in": "query", "description": "true, or the half-life in days of a boost for recent articles", "schema": {"type": "string"}},
              "collapse": {"name": "collapse", "in": "query", "schema": {"type": "boolean", "default": true}}
            },
            "responses": {
              "Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
              "Health": {
                "type": "object", "required": ["status", "articles"],
                "properties": {"status": {"type": "string"}, "articles": {"type": "string"}}
              },
              "Error": {
                "type": "object", "required": ["error"],
                "properties": {
                  "error": {
                    "type": "object", "required": ["status", "code", "message", "parameter"],
                    "properties": {
                      "status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"},
                      "parameter": {"type": ["string", "null"]}
                    }
                  }
                }
              },
              "FacetValue": {
                "type": "object", "required": ["value", "count", "label"],
                "properties": {"value": {"type": "string"}, "count": {"type": "integer"}, "label": {"type": ["string", "null"]}}
              },
              "Hit": {
                "type": "object",
                "required": ["id", "title", "date", "countries", "countryCodes", "categories", "topics", "source", "url", "score", "snippet", "titleHighlighted", "collapsed"],
                "properties": {
                  "id": {"type": "string"}, "title": {"type": "string"}, "date": {"type": ["string", "null"]},
                  "countries": {"type": "array", "items": {"type": "string"}},
                  "countryCodes": {"type": "array", "items": {"type": "string"}},
                  "categories": {"type": "array", "items": {"type": "string"}},
                  "topics": {"type": "array", "items": {"type": "string"}},
                  "source": {"type": "string"}, "url": {"type": ["string", "null"]}, "score": {"type": "number"},
                  "snippet": {"type": "string", "description": "HTML: text escaped, matches in <mark>"},
                  "titleHighlighted": {"type": "string", "description": "HTML: text escaped, matches in <mark>"},
                  "collapsed": {"type": "integer"}
                }
              },
              "Facets": {
                "type": "object", "required": ["country", "category", "topic", "year", "month"],
                "properties": {
                  "country": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                  "category": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                  "topic": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                  "year": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                  "month": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}
                }
              },
              "SearchResults": {
                "type": "object",
                "required": ["query", "total", "totalIsExact", "hits", "facets", "suggestion", "correctedQuery", "notice", "timings"],
                "properties": {
                  "query": {"type": "string"}, "total": {"type": "integer"}, "totalIsExact": {"type": "boolean"},
                  "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                  "facets": {"oneOf": [{"$ref": "#/components/schemas/Facets"}, {"type": "null"}]},
                  "suggestion": {"type": ["string", "null"]}, "correctedQuery": {"type": ["string", "null"]},
                  "notice": {"type": ["string", "null"]},
                  "timings": {
                    "type": "object", "required": ["totalMs", "parseMs", "matchMs", "facetsMs", "snippetsMs"],
                    "properties": {
                      "totalMs": {"type": "number"}, "parseMs": {"type": "number"}, "matchMs": {"type": "number"},
                      "facetsMs": {"type": "number"}, "snippetsMs": {"type": "number"}
                    }
                  }
                }
              },
              "Article": {
                "type": "object",
                "required": ["id", "title", "body", "date", "countries", "countryCodes", "primaryCountry", "categories", "topics", "source", "url", "provenance"],
                "properties": {
                  "id": {"type": "string"}, "title": {"type": "string"}, "body": {"type": "string"},
                  "date": {"type": ["string", "null"]}, "countries": {"type": "array", "items": {"type": "string"}},
                  "countryCodes": {"type": "array", "items": {"type": "string"}},
                  "primaryCountry": {"type": ["string", "null"]},
                  "categories": {"type": "array", "items": {"type": "string"}},
                  "topics": {"type": "array", "items": {"type": "string"}},
                  "source": {"type": "string"}, "url": {"type": ["string", "null"]},
                  "provenance": {"type": "object"}
                }
              },
              "IngestReport": {
                "type": "object", "required": ["added", "replaced", "ids", "problems", "duplicates"],
                "properties": {
                  "added": {"type": "integer"}, "replaced": {"type": "integer"},
                  "ids": {"type": "array", "items": {"type": "string"}},
                  "problems": {
                    "type": "array",
                    "items": {"type": "object", "required": ["line", "reason"], "properties": {"line": {"type": "integer"}, "reason": {"type": "string"}}}
                  },
                  "duplicates": {
                    "type": "array",
                    "description": "Articles skipped because an earlier article of the body has the same title and text",
                    "items": {"type": "object", "required": ["id", "title", "duplicateOf"], "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "duplicateOf": {"type": "string"}}}
                  }
                }
              }
            }
          }
        }
        """#
}
