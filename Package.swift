// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Dossier",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dossier", targets: ["dossier"]),
        .library(name: "Xapian", targets: ["Xapian"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Already in the graph through Hummingbird; named here for IOError (dossier serve's bind errors).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.0.0"),
        // Already in the graph through Hummingbird: the service's access log.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
        // Already in the graph through Hummingbird: HTTP field names.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        // The service's metrics: the swift-metrics API over a Prometheus registry.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        // gzip for responses (Hummingbird's author's package, over zlib).
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        // C++ shim over libxapian: the only code that sees C++; exposes a C API.
        .target(
            name: "CXapian",
            cxxSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Wno-unused-parameter"])],
            linkerSettings: [.linkedLibrary("xapian")]
        ),
        // Idiomatic Swift over CXapian, keeping Xapian's nouns.
        .target(name: "Xapian", dependencies: ["CXapian"], swiftSettings: swiftSettings),
        // Articles and the index schema, shared by every layer above Xapian.
        .target(name: "NewsModel", swiftSettings: swiftSettings),
        // Debian's C libraries for reading input (installed by tools/install-deps.sh).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLZMA", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Reading the files people have into articles (no Xapian).
        .target(
            name: "NewsIngest", dependencies: ["NewsModel", "CLibXML2", "CLZMA", "CZlib"], swiftSettings: swiftSettings
        ),
        // Countries, dates, categories, topics and ids inferred from text (no Xapian).
        // The gazetteer and topic lexicon are data, compiled into the binary.
        .target(
            name: "NewsEnrich",
            dependencies: ["NewsModel"],
            resources: [.embedInCode("Resources/gazetteer.json"), .embedInCode("Resources/topics.json")],
            swiftSettings: swiftSettings
        ),
        // Article -> Xapian documents; index builds; the writes from input to index.
        .target(
            name: "NewsIndex", dependencies: ["NewsModel", "NewsIngest", "NewsEnrich", "Xapian"],
            swiftSettings: swiftSettings),
        // Queries, facets and snippets over an index.
        // Domain synonyms are data, compiled into the binary.
        .target(
            name: "NewsSearch",
            dependencies: ["NewsModel", "NewsEnrich", "NewsIndex", "Xapian"],
            resources: [.embedInCode("Resources/synonyms.json")],
            swiftSettings: swiftSettings
        ),
        // The HTTP query service (Hummingbird 2).
        .target(
            name: "NewsServer",
            dependencies: [
                "NewsModel", "NewsIngest", "NewsEnrich", "NewsSearch", "NewsIndex",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The web page: plain HTML, CSS and JavaScript compiled into the binary.
            resources: [
                .embedInCode("Resources/index.html"), .embedInCode("Resources/style.css"),
                .embedInCode("Resources/app.js"),
            ],
            swiftSettings: swiftSettings
        ),
        // What each libFuzzer target does with its input (tools/fuzz.sh); the
        // test suite replays seeds and past failures through the same code.
        .target(
            name: "Fuzzing",
            dependencies: [
                "NewsModel", "NewsIngest", "NewsEnrich", "NewsIndex", "NewsSearch", "NewsServer", "Xapian",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command-line tool.
        .executableTarget(
            name: "dossier",
            dependencies: [
                "NewsModel", "NewsIngest", "NewsEnrich", "NewsIndex", "NewsSearch", "NewsServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Temporary folders and running commands, for every test target.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "XapianTests", dependencies: ["Xapian", "CXapian", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NewsIngestTests", dependencies: ["NewsIngest", "NewsModel", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NewsEnrichTests", dependencies: ["NewsEnrich", "NewsIngest", "NewsModel", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NewsServerTests",
            dependencies: [
                "NewsServer", "NewsModel", "NewsIndex", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DossierTests",
            dependencies: [
                "NewsModel", "NewsIngest", "NewsIndex", "NewsSearch", "NewsServer", "Xapian", "TestSupport", "dossier",
                "Fuzzing",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)

// The libFuzzer program, only in tools/fuzz.sh's build (DOSSIER_FUZZ=1, its
// own scratch path, -sanitize=fuzzer,address): its main hands the input to
// libFuzzer's driver.
if Context.environment["DOSSIER_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CLibFuzzer", path: "Tests/Fuzz/CLibFuzzer"),
        .executableTarget(
            name: "dossier-fuzz", dependencies: ["Fuzzing", "CLibFuzzer"], path: "Tests/Fuzz/Entry",
            swiftSettings: swiftSettings),
    ]
}
