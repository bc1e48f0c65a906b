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
                       providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: - Engine
        .target(name: "TensorKit", dependencies: ["CBLAS"]),
        .target(name: "NeuralNet", dependencies: ["TensorKit"]),

        // MARK: - Data and screen
        .target(name: "Datasets", dependencies: ["TensorKit", "CZlib", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "TerminalUI"),

        // MARK: - Experiments
        .target(name: "Lab", dependencies: ["TensorKit", "NeuralNet", "Datasets", "TerminalUI"]),
        .target(name: "Basics", dependencies: ["Lab", "Datasets", "TerminalUI"]),
        .target(name: "RecursiveNets", dependencies: ["Lab"]),
        .target(name: "Multitask", dependencies: ["Lab"]),
        .target(name: "SpatialTransformers", dependencies: ["Lab"]),
        .target(name: "Recommenders", dependencies: ["Lab"]),
        .target(name: "ArchitectureSearch", dependencies: ["Lab", "TerminalUI"]),

        // MARK: - Screen
        .target(name: "CursesBackend", dependencies: ["CNCurses", "TerminalUI"]),
        .target(name: "WorkbenchApp", dependencies: ["Lab", "TerminalUI"]),

        // MARK: - Executable
        .executableTarget(name: "workbench", dependencies: [
            "Lab", "WorkbenchApp", "CursesBackend",
            "Basics",
            "RecursiveNets",
            "Multitask",
            "SpatialTransformers",
            "Recommenders",
            "ArchitectureSearch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["TensorKit", "TerminalUI", "Datasets"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorKitTests", dependencies: ["TensorKit", "TestSupport"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Datasets", "TestSupport"]),
        .testTarget(name: "BasicsTests", dependencies: ["Basics", "TerminalUI", "TestSupport"]),
        .testTarget(name: "RecursiveNetsTests", dependencies: ["RecursiveNets", "TestSupport"]),
        .testTarget(name: "MultitaskTests", dependencies: ["Multitask", "TestSupport"]),
        .testTarget(name: "SpatialTransformersTests", dependencies: ["SpatialTransformers", "TestSupport"]),
        .testTarget(name: "RecommendersTests", dependencies: ["Recommenders", "TestSupport"]),
        .testTarget(name: "ArchitectureSearchTests", dependencies: ["ArchitectureSearch", "TerminalUI", "TestSupport"]),
        .testTarget(name: "WorkbenchCLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "WorkbenchAppTests", dependencies: ["WorkbenchApp", "Basics", "NeuralNet", "TestSupport"]),
    ]
)
