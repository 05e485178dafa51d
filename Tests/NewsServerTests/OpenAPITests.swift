import Foundation
import Hummingbird
import HummingbirdTesting
import NewsServer
import TestSupport
import Testing

/// Checks `value` against a JSON Schema subset (type, type lists, required,
/// properties, items, enum, oneOf, $ref into the document); returns the
/// problems found, with their JSON paths.
func validate(_ value: Any?, _ schema: [String: Any], document: [String: Any], path: String = "$") -> [String] {
    if let reference = schema["$ref"] as? String {
        var node: Any? = document
        for part in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] }
        guard let resolved = node as? [String: Any] else { return ["\(path): unresolved \(reference)"] }
        return validate(value, resolved, document: document, path: path)
    }
    if let options = schema["oneOf"] as? [[String: Any]] {
        let passing = options.filter { validate(value, $0, document: document, path: path).isEmpty }
        return passing.count == 1 ? [] : ["\(path): matches \(passing.count) of oneOf"]
    }
    var problems: [String] = []
    if let type = schema["type"] {
        let types = (type as? [String]) ?? [(type as? String) ?? ""]
        let isNull = value == nil || value is NSNull
        func matches(_ t: String) -> Bool {
            switch t {
            case "null": return isNull
            case "string": return value is String
            case "boolean": return value is Bool
            case "integer": return (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
            case "number": return value is NSNumber
            case "array": return value is [Any]
            case "object": return value is [String: Any]
            default: return false
            }
        }
        if !types.contains(where: matches) { return ["\(path): expected \(types), got \(String(describing: value))"] }
    }
    if let object = value as? [String: Any] {
        for key in schema["required"] as? [String] ?? [] where object[key] == nil {
            problems.append("\(path): missing required \(key)")
        }
        let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
        for (key, sub) in properties where object[key] != nil {
            problems += validate(object[key], sub, document: document, path: "\(path).\(key)")
        }
        if !properties.isEmpty {
            for key in object.keys where properties[key] == nil { problems.append("\(path): undocumented \(key)") }
        }
    }
    if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
        for (index, item) in array.enumerated() {
            problems += validate(item, items, document: document, path: "\(path)[\(index)]")
        }
    }
    if let allowed = schema["enum"] as? [String], let string = value as? String, !allowed.contains(string) {
        problems.append("\(path): \(string) not in \(allowed)")
    }
    return problems
}

@Suite("OpenAPI document")
struct OpenAPITests {
    let dir = TemporaryDirectory()

    init() throws {
        try buildIndex(dir.path("index"), serverArchive)
    }

    @Test("the document describes the real responses of every route")
    func matchesResponses() async throws {
        let server = APIServer(index: dir.path("index"), token: "t")
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            let text = try await client.execute(uri: "/api/openapi.json", method: .get) { String(buffer: $0.body) }
            let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            #expect(
                Set(paths.keys) == [
                    "/", "/style.css", "/app.js", "/healthz", "/api/search", "/api/facets", "/api/timeline",
                    "/api/articles/{id}",
                    "/api/articles/{id}/similar", "/api/articles", "/api/index/rebuild", "/metrics",
                    "/api/openapi.json", "/api/watches", "/api/watches/{name}", "/api/watches/{name}/new",
                    "/api/watches/{name}/seen", "/api/watches/{name}/feed", "/api/search/export",
                ])
            // (method, uri, body, documented path, documented method)
            let cases: [(HTTPRequest.Method, String, String?, String, String)] = [
                (.get, "/healthz", nil, "/healthz", "get"),
                (.get, "/api/search?q=coup&facets=true", nil, "/api/search", "get"),
                (.get, "/api/search?q=coup", nil, "/api/search", "get"),
                (.get, "/api/search?q=mali%20AND", nil, "/api/search", "get"),
                (.get, "/api/facets?country=Niger", nil, "/api/facets", "get"),
                (.get, "/api/timeline?q=coup", nil, "/api/timeline", "get"),
                (.get, "/api/timeline?series=Niger&series=Mali&interval=week", nil, "/api/timeline", "get"),
                (.get, "/api/timeline?series=Atlantis", nil, "/api/timeline", "get"),
                (.get, "/api/timeline?top=0", nil, "/api/timeline", "get"),
                (.get, "/api/articles/bf1", nil, "/api/articles/{id}", "get"),
                (.get, "/api/articles/nope", nil, "/api/articles/{id}", "get"),
                (.get, "/api/articles/bf1/similar", nil, "/api/articles/{id}/similar", "get"),
                (
                    .post, "/api/articles", #"{"id": "z1", "title": "T", "body": "B"}"# + "\nbad", "/api/articles",
                    "post"
                ),
                (
                    .post, "/api/watches", #"{"name": "w", "query": "coup", "country": ["Niger"]}"#, "/api/watches",
                    "post"
                ),
                (.post, "/api/watches", #"{"name": "w"}"#, "/api/watches", "post"),
                (.post, "/api/watches", #"{"name": ".w"}"#, "/api/watches", "post"),
                (.get, "/api/watches", nil, "/api/watches", "get"),
                (.get, "/api/search/export?format=xml", nil, "/api/search/export", "get"),
                (.get, "/api/watches/w/new?since=2000-01-01", nil, "/api/watches/{name}/new", "get"),
                (.get, "/api/watches/nope/new", nil, "/api/watches/{name}/new", "get"),
                (.get, "/api/watches/w/new?since=yesterday", nil, "/api/watches/{name}/new", "get"),
                (.post, "/api/watches/w/seen", nil, "/api/watches/{name}/seen", "post"),
                (.delete, "/api/articles/z1", nil, "/api/articles/{id}", "delete"),
                (.delete, "/api/articles/z1", nil, "/api/articles/{id}", "delete"),
                (.delete, "/api/watches/w", nil, "/api/watches/{name}", "delete"),
                (.post, "/api/index/rebuild", nil, "/api/index/rebuild", "post"),
            ]
            for (method, uri, body, path, verb) in cases {
                var headers = HTTPFields()
                headers[.authorization] = "Bearer t"
                let (status, reply) = try await client.execute(
                    uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
                ) { ($0.status.code, String(buffer: $0.body)) }
                let operation = try #require((paths[path] as? [String: Any])?[verb] as? [String: Any])
                let responses = try #require(operation["responses"] as? [String: Any])
                var response = try #require(
                    responses[String(status)] as? [String: Any], "\(uri): \(status) undocumented")
                if let reference = response["$ref"] as? String {
                    response = try #require(
                        ((document["components"] as? [String: Any])?["responses"] as? [String: Any])?[
                            String(reference.split(separator: "/").last!)] as? [String: Any])
                }
                let schema = try #require(
                    ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                        as? [String: Any])
                let value = try JSONSerialization.jsonObject(with: Data(reply.utf8))
                let problems = validate(value, schema, document: document)
                #expect(problems.isEmpty, "\(method) \(uri) → \(status): \(problems)")
            }
        }
    }

    @Test("the validator catches a missing key, a wrong type and an undocumented key")
    func validatorFails() throws {
        let document: [String: Any] = [:]
        let schema: [String: Any] = [
            "type": "object", "required": ["a"], "properties": ["a": ["type": "integer"], "b": ["type": "string"]],
        ]
        #expect(validate(["a": 1, "b": "x"], schema, document: document).isEmpty)
        #expect(!validate(["b": "x"], schema, document: document).isEmpty)
        #expect(!validate(["a": "one"], schema, document: document).isEmpty)
        #expect(!validate(["a": 1, "c": 2], schema, document: document).isEmpty)
    }
}
