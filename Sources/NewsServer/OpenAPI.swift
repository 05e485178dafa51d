import Foundation
import NewsEnrich

/// The OpenAPI 3.1 description of the API, served at `GET /api/openapi.json`:
/// its paths are made from the routes themselves (``Route``), and the closed
/// lists (countries, topics) from the data the server checks them against.
/// Tests check real responses against its schemas, and Schemathesis checks
/// the live service against all of it (tools/api-test.sh).
enum OpenAPI {
    /// The whole document for `routes`.
    static func document(_ routes: [Route]) -> String {
        var paths: [(path: String, operations: [String])] = []
        for route in routes {
            let operation = "\"\(String(describing: route.method).lowercased())\": \(route.operation)"
            if let index = paths.firstIndex(where: { $0.path == route.path }) {
                paths[index].operations.append(operation)
            } else {
                paths.append((route.path, [operation]))
            }
        }
        let pathsJSON = paths.map { "\"\($0.path)\": {\($0.operations.joined(separator: ", "))}" }
            .joined(separator: ",\n")
        return """
            {
              "openapi": "3.1.0",
              "info": {
                "title": "Dossier",
                "version": "1",
                "description": "Full-text search over an archive of news and risk-intelligence reporting."
              },
              "paths": {
            \(pathsJSON)
              },
              "components": \(components)
            }
            """
    }

    /// A JSON array of strings.
    static func list(_ values: [String]) -> String {
        "["
            + values.map {
                "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }
            .joined(separator: ", ") + "]"
    }

    /// Every country code and name the gazetteer knows, and the empty string (no filter).
    static let countries = list(
        [""] + Gazetteer.bundled.countries.map(\.code) + Gazetteer.bundled.countries.map(\.name))
    /// Every topic id and label, and the empty string (no filter).
    static let topics = list(
        [""] + TopicLexicon.bundled.entries.map(\.id) + TopicLexicon.bundled.entries.map(\.label))

    static func references(_ names: [String]) -> String {
        "[" + names.map { "{\"$ref\": \"#/components/parameters/\($0)\"}" }.joined(separator: ", ") + "]"
    }

    /// The parameters of `GET /api/search`, as the server reads them.
    static let searchParameters = references(SearchParameters.searchList)
    /// The parameters of `GET /api/search/export`.
    static let exportParameters = references(SearchParameters.exportList)
    /// The parameters of `GET /api/facets`.
    static let filterParameters = references(SearchParameters.filterList)
    /// The parameters of `GET /api/timeline`.
    static let timelineParameters = references(SearchParameters.timelineList)
    /// The parameters of `GET /api/articles/{id}/similar`.
    static let similarParameters = references(["id"] + SearchParameters.similarList)

    static let components = #"""
        {
              "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
              "parameters": {
                "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                "name": {"name": "name", "in": "path", "required": true, "description": "A watch's name", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"}},
                "since": {"name": "since", "in": "query", "description": "Articles that arrived since this day (YYYY-MM-DD) or time (2026-12-07T05:46:22Z); default: since the watch was last seen", "schema": {"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}(T[ -~]{0,29})?)?$"}},
                "q": {"name": "q", "in": "query", "description": "The query (empty: every article, newest first)", "schema": {"type": "string", "maxLength": 1000}},
                "country": {"name": "country", "in": "query", "description": "Country name or ISO code (aliases and demonyms, in any case, are accepted too); repeatable", "schema": {"type": "array", "items": {"type": "string", "enum": \#(countries)}}, "explode": true},
                "category": {"name": "category", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": true},
                "topic": {"name": "topic", "in": "query", "description": "Topic id or label (in any case); repeatable", "schema": {"type": "array", "items": {"type": "string", "enum": \#(topics)}}, "explode": true},
                "source": {"name": "source", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": true},
                "from": {"name": "from", "in": "query", "description": "The first day: YYYY-MM-DD, YYYY-MM or YYYY (a day past the month's end means the next month's first)", "schema": {"type": "string", "pattern": "^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$"}},
                "to": {"name": "to", "in": "query", "description": "The last day: YYYY-MM-DD, YYYY-MM or YYYY (before from: nothing matches)", "schema": {"type": "string", "pattern": "^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$"}},
                "sort": {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "date", "oldest", "arrived"]}},
                "match": {"name": "match", "in": "query", "schema": {"type": "string", "enum": ["all", "any"]}},
                "format": {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["jsonl", "csv"], "default": "jsonl"}},
                "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 100, "default": 10}},
                "offset": {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 0}},
                "facets": {"name": "facets", "in": "query", "schema": {"type": "boolean", "default": false}},
                "snippetLength": {"name": "snippetLength", "in": "query", "schema": {"type": "integer", "minimum": 40, "maximum": 2000, "default": 200}},
                "recent": {"name": "recent", "in": "query", "description": "A boost for recent articles: true (a half-life of 365 days), false, or the half-life in days", "schema": {"anyOf": [{"type": "boolean"}, {"type": "number", "exclusiveMinimum": 0, "maximum": 36500}]}},
                "collapse": {"name": "collapse", "in": "query", "schema": {"type": "boolean", "default": true}},
                "by": {"name": "by", "in": "query", "description": "What each line of a timeline is a value of", "schema": {"type": "string", "enum": ["country", "topic", "category"], "default": "country"}},
                "interval": {"name": "interval", "in": "query", "description": "A bucket: a calendar month (2020-03), an ISO 8601 week (2020-W07) or a year (2020)", "schema": {"type": "string", "enum": ["month", "week", "year"], "default": "month"}},
                "series": {"name": "series", "in": "query", "description": "A value of `by` to draw, as its filter takes it (a country name or code, a topic id or label, a category); repeatable. None: the filter's values for `by`, else its top values. A country or topic that does not exist is 404", "schema": {"type": "array", "maxItems": 20, "items": {"type": "string"}}, "explode": true},
                "top": {"name": "top", "in": "query", "description": "How many of the facet's top values to draw when no series is named", "schema": {"type": "integer", "minimum": 1, "maximum": 20, "default": 5}}
              },
              "responses": {
                "Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
              },
              "schemas": {
                "Health": {
                  "type": "object", "required": ["status", "articles"],
                  "properties": {"status": {"type": "string"}, "articles": {"type": "integer"}}
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
                "NewWatch": {
                  "type": "object", "required": ["name"],
                  "properties": {
                    "name": {"type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"}, "query": {"type": ["string", "null"], "maxLength": 1000},
                    "country": {"type": ["array", "null"], "items": {"type": "string", "enum": \#(countries)}},
                    "category": {"type": ["array", "null"], "items": {"type": "string"}},
                    "topic": {"type": ["array", "null"], "items": {"type": "string", "enum": \#(topics)}},
                    "source": {"type": ["array", "null"], "items": {"type": "string"}},
                    "from": {"type": ["string", "null"], "pattern": "^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$"},
                    "to": {"type": ["string", "null"], "pattern": "^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$"}
                  }
                },
                "Watch": {
                  "type": "object", "required": ["name", "query", "filters", "from", "to", "created", "seen", "new"],
                  "properties": {
                    "name": {"type": "string"}, "query": {"type": "string"},
                    "filters": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                    "from": {"type": ["string", "null"]}, "to": {"type": ["string", "null"]},
                    "created": {"type": "string"}, "seen": {"type": "string", "description": "The latest arrival stamp when it was last seen: articles that arrived after it are new"},
                    "new": {"type": "integer", "description": "Articles that arrived since it was last seen"}
                  }
                },
                "Watches": {
                  "type": "object", "required": ["watches"],
                  "properties": {"watches": {"type": "array", "items": {"$ref": "#/components/schemas/Watch"}}}
                },
                "Deleted": {
                  "type": "object", "required": ["deleted"],
                  "properties": {"deleted": {"type": "string", "description": "The id of the article deleted"}}
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
                "Timeline": {
                  "type": "object", "required": ["query", "correctedQuery", "by", "interval", "buckets", "spans", "series"],
                  "properties": {
                    "query": {"type": "string"}, "correctedQuery": {"type": ["string", "null"]},
                    "by": {"type": "string", "enum": ["country", "topic", "category"]},
                    "interval": {"type": "string", "enum": ["month", "week", "year"]},
                    "buckets": {"type": "array", "description": "Every bucket from the first to the last with an article, in order", "items": {"type": "string"}},
                    "spans": {
                      "type": "array", "description": "The first and last day of each bucket, within the request's dates",
                      "items": {"type": "object", "required": ["from", "to"], "properties": {"from": {"type": "string"}, "to": {"type": "string"}}}
                    },
                    "series": {
                      "type": "array",
                      "items": {
                        "type": "object", "required": ["value", "label", "counts", "total", "undated"],
                        "properties": {
                          "value": {"type": "string"}, "label": {"type": ["string", "null"]},
                          "counts": {"type": "array", "description": "Articles per bucket", "items": {"type": "integer"}},
                          "total": {"type": "integer", "description": "Every matching article with the value, dated or not: its facet count"},
                          "undated": {"type": "integer", "description": "Those without a date, in no bucket"}
                        }
                      }
                    }
                  }
                },
                "Article": {
                  "type": "object",
                  "required": ["id", "title", "body", "date", "countries", "countryCodes", "primaryCountry", "categories", "topics", "source", "url", "provenance"],
                  "properties": {
                    "id": {"type": "string"}, "title": {"type": "string"}, "body": {"type": "string"},
                    "date": {"type": ["string", "null"]}, "countries": {"type": ["array", "null"], "items": {"type": "string"}},
                    "countryCodes": {"type": "array", "items": {"type": "string"}},
                    "primaryCountry": {"type": ["string", "null"]},
                    "categories": {"type": "array", "items": {"type": "string"}},
                    "topics": {"type": "array", "items": {"type": "string"}},
                    "source": {"type": "string"}, "url": {"type": ["string", "null"]},
                    "provenance": {"type": "object"}
                  }
                },
                "NewArticle": {
                  "type": "object",
                  "description": "One article in the interchange form: a title or a body that is not blank is needed; the rest is inferred when missing. Sent as application/json, a body with a bad article is refused whole (400); as application/x-ndjson, bad lines are reported in problems and the rest indexed",
                  "anyOf": [{"required": ["title"], "properties": {"title": {"type": "string", "pattern": "\\S"}}}, {"required": ["body"], "properties": {"body": {"type": "string", "pattern": "\\S"}}}],
                  "properties": {
                    "id": {"oneOf": [{"type": ["string", "null"]}, {"type": "integer", "minimum": -9223372036854775808, "maximum": 9223372036854775807}], "description": "A number is kept as its integer text"}, "title": {"type": ["string", "null"]}, "body": {"type": ["string", "null"]},
                    "date": {"type": ["string", "null"]}, "countries": {"type": ["array", "null"], "items": {"type": "string"}},
                    "categories": {"type": ["array", "null"], "items": {"type": "string"}}, "source": {"type": ["string", "null"]},
                    "url": {"type": ["string", "null"]}
                  }
                },
                "IngestReport": {
                  "type": "object", "required": ["added", "replaced", "ids", "problems", "duplicates", "notes", "queued", "watches"],
                  "properties": {
                    "watches": {
                      "type": "array",
                      "description": "The watches that gained articles from this write: how many, and how many they have unseen",
                      "items": {"type": "object", "required": ["name", "new", "unseen"], "properties": {"name": {"type": "string"}, "new": {"type": "integer"}, "unseen": {"type": "integer"}}}
                    },
                    "added": {"type": "integer"}, "replaced": {"type": "integer"}, "queued": {"type": "integer", "description": "Articles kept in the journal while a rebuild runs (202): the new index will hold them"},
                    "ids": {"type": "array", "items": {"type": "string"}},
                    "problems": {
                      "type": "array",
                      "items": {"type": "object", "required": ["line", "reason"], "properties": {"line": {"type": "integer"}, "reason": {"type": "string"}}}
                    },
                    "notes": {
                      "type": "array",
                      "description": "Fields that could not be read (a source date such as \"yesterday\"), of articles that were indexed without them",
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
        """#
}
