// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "DeepWorkbench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "workbench", targets: ["workbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // MARK: - C shims
        /// OpenBLAS, loaded at run time so the kernel can be chosen first (see DECISIONS.md).
        .target(name: "CBLAS", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CNCurses", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: - Engine
        .target(name: "TensorKit", dependencies: ["CBLAS"]),
        .target(name: "NeuralNet", dependencies: ["TensorKit"]),

        // MARK: - Data and screen
        .target(name: "Datasets", dependencies: ["TensorKit", "CZlib", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "TerminalUI"),

        // MARK: - Experiments
        /// The experiment lifecycle, settings, sessions, run records and lessons: no screen code.
        .target(name: "Lab", dependencies: ["TensorKit", "NeuralNet", "Datasets"]),
        /// How topics show their runs on the screen: the panel protocol and shared panels.
        .target(name: "TopicViews", dependencies: ["Lab", "TerminalUI"]),
        /// What the executable and the topics' own verbs share: errors, engine options, the data store.
        .target(name: "CLISupport", dependencies: ["Lab", "Datasets", "TensorKit",
                                                   .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "Basics", dependencies: ["Lab", "TopicViews", "Datasets", "NeuralNet", "TensorKit", "TerminalUI"]),
        .target(name: "RecursiveNets", dependencies: ["Lab", "TopicViews", "Datasets", "NeuralNet", "TensorKit", "TerminalUI"]),
        .target(name: "Multitask", dependencies: ["Lab", "TopicViews", "Datasets", "NeuralNet", "TensorKit", "TerminalUI"]),
        .target(name: "SpatialTransformers", dependencies: ["Lab", "TopicViews", "Datasets", "NeuralNet", "TensorKit", "TerminalUI"]),
        .target(name: "Recommenders", dependencies: ["Lab", "TopicViews", "Datasets", "NeuralNet", "TensorKit", "TerminalUI"]),
        .target(name: "ArchitectureSearch", dependencies: ["Lab", "TopicViews", "CLISupport", "Datasets", "NeuralNet", "TensorKit",
                                                           "TerminalUI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // MARK: - Screen
        .target(name: "CursesBackend", dependencies: ["CNCurses", "TerminalUI"]),
        .target(name: "WorkbenchApp", dependencies: ["Lab", "TopicViews", "TerminalUI", "Datasets", "NeuralNet", "TensorKit"]),

        // MARK: - Executable
        .executableTarget(name: "workbench", dependencies: [
            "Lab", "CLISupport", "WorkbenchApp", "CursesBackend", "Datasets", "NeuralNet", "TensorKit", "TerminalUI",
            "Basics",
            "RecursiveNets",
            "Multitask",
            "SpatialTransformers",
            "Recommenders",
            "ArchitectureSearch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["TensorKit", "TerminalUI", "Datasets", "Lab", "TopicViews"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorKitTests", dependencies: ["TensorKit", "CBLAS", "TestSupport"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "TensorKit", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"]),
        .testTarget(name: "TopicViewsTests", dependencies: ["TopicViews", "TerminalUI", "TestSupport"]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Datasets", "NeuralNet", "TensorKit", "TestSupport"]),
        .testTarget(name: "BasicsTests", dependencies: ["Basics", "Lab", "TopicViews", "TerminalUI", "TestSupport"]),
        .testTarget(name: "RecursiveNetsTests", dependencies: ["RecursiveNets", "Lab", "TopicViews", "TerminalUI", "Datasets", "NeuralNet", "TensorKit", "TestSupport"]),
        .testTarget(name: "MultitaskTests", dependencies: ["Multitask", "Lab", "TopicViews", "TerminalUI", "Datasets", "NeuralNet", "TensorKit", "TestSupport"]),
        .testTarget(name: "SpatialTransformersTests", dependencies: ["SpatialTransformers", "Lab", "TopicViews", "TerminalUI", "Datasets", "NeuralNet", "TensorKit", "TestSupport"]),
        .testTarget(name: "RecommendersTests", dependencies: ["Recommenders", "Lab", "TopicViews", "TerminalUI", "Datasets", "NeuralNet", "TensorKit", "TestSupport"]),
        .testTarget(name: "ArchitectureSearchTests", dependencies: ["ArchitectureSearch", "Lab", "TopicViews", "TerminalUI", "Datasets", "NeuralNet", "TensorKit", "TestSupport"]),
        .testTarget(name: "WorkbenchCLITests", dependencies: ["TestSupport", "TerminalUI", "Datasets"]),
        .testTarget(name: "WorkbenchAppTests", dependencies: ["WorkbenchApp", "Lab", "TopicViews", "TerminalUI", "Datasets", "NeuralNet",
                                                             "TensorKit", "TestSupport", "Basics", "RecursiveNets", "Multitask",
                                                             "SpatialTransformers", "Recommenders", "ArchitectureSearch"]),
    ]
)
